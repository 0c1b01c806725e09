from workflow.models.admin_audit import AdminAudit
from workflow.models.agreement import (
    Acceptance,
    AcceptanceDocument,
    AcceptanceReview,
    Agreement,
    AgreementMilestone,
    AgreementSignature,
    DeadlineReminder,
    MilestoneDocument,
    TranchePayment,
    TrancheWithholding,
)
from workflow.models.application import Application, IdempotencyKey, Question
from workflow.models.base import Base
from workflow.models.calendar import CalendarOverride, CalendarYear
from workflow.models.challenge import Amendment, Challenge, ChallengeKey, ChallengeTransition, StatusTransition
from workflow.models.custody import OpeningKey, OpeningSubmission
from workflow.models.infra import (
    AuditEntry,
    Notification,
    NotificationDelivery,
    OutboxEvent,
    SchedulerLease,
    SealedRead,
)
from workflow.models.review import Assignment, Award, Objection, PanelMember

__all__ = [
    "Acceptance",
    "AcceptanceDocument",
    "AcceptanceReview",
    "AdminAudit",
    "Agreement",
    "AgreementMilestone",
    "AgreementSignature",
    "Amendment",
    "Application",
    "Assignment",
    "AuditEntry",
    "Award",
    "Base",
    "CalendarOverride",
    "CalendarYear",
    "Challenge",
    "ChallengeKey",
    "ChallengeTransition",
    "DeadlineReminder",
    "IdempotencyKey",
    "MilestoneDocument",
    "Notification",
    "NotificationDelivery",
    "Objection",
    "OpeningKey",
    "OpeningSubmission",
    "OutboxEvent",
    "PanelMember",
    "Question",
    "SchedulerLease",
    "SealedRead",
    "StatusTransition",
    "TranchePayment",
    "TrancheWithholding",
]
