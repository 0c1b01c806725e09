"""The ORM models, re-exported for Alembic."""

from matching.models.audit import AdminAudit
from matching.models.base import Base
from matching.models.batch import Batch
from matching.models.challenge import Challenge
from matching.models.demand import Demand, DemandReview
from matching.models.events import InboxEvent, IndexOutbox
from matching.models.history import StatusTransition
from matching.models.idempotency import IdempotencyKey
from matching.models.interest import Interest
from matching.models.product import Product, Recognition
from matching.models.provider import Provider, Qualification
from matching.models.subscription import Notification, Subscription

__all__ = [
    "AdminAudit",
    "Base",
    "Batch",
    "Challenge",
    "Demand",
    "DemandReview",
    "IdempotencyKey",
    "InboxEvent",
    "IndexOutbox",
    "Interest",
    "Notification",
    "Product",
    "Provider",
    "Qualification",
    "Recognition",
    "StatusTransition",
    "Subscription",
]
