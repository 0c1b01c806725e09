from gateway.models.base import Base
from gateway.models.organisation import Organisation
from gateway.models.session import RateEvent, RefreshToken
from gateway.models.user import ContactCode, Invitation, Membership, RecoveryCode, User

__all__ = [
    "Base",
    "ContactCode",
    "Invitation",
    "Membership",
    "Organisation",
    "RateEvent",
    "RecoveryCode",
    "RefreshToken",
    "User",
]
