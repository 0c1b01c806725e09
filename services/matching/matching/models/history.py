from kit.history import TransitionColumns
from matching.models.base import Base


class StatusTransition(TransitionColumns, Base):
    """Every status change of a demand, an interest or a batch: who, from, to, why and when (kit.history)."""
