from gateway.models.base import Base
from kit.history import TransitionColumns


class StatusTransition(TransitionColumns, Base):
    """Every status change of an organisation or a user: who, from, to, why and when (kit.history)."""
