from gateway.models.audit import AdminAudit
from gateway.models.base import Base
from gateway.models.organisation import Organisation
from gateway.models.session import RateEvent, RefreshToken
from gateway.models.user import Invitation, Membership, RecoveryCode, User

__all__ = [
    "AdminAudit",
    "Base",
    "Invitation",
    "Membership",
    "Organisation",
    "RateEvent",
    "RecoveryCode",
    "RefreshToken",
    "User",
]
