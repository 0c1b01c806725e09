from gateway.models.audit import AdminAudit
from gateway.models.base import Base
from gateway.models.history import StatusTransition
from gateway.models.organisation import Organisation
from gateway.models.session import RateEvent, RefreshToken
from gateway.models.user import (
    ContactCode,
    Invitation,
    Membership,
    NotificationPreference,
    PasswordHistory,
    PasswordResetLink,
    RecoveryCode,
    User,
)

__all__ = [
    "AdminAudit",
    "Base",
    "ContactCode",
    "Invitation",
    "Membership",
    "NotificationPreference",
    "Organisation",
    "PasswordHistory",
    "PasswordResetLink",
    "RateEvent",
    "RecoveryCode",
    "RefreshToken",
    "StatusTransition",
    "User",
]
