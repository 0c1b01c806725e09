"""interest contact as name, phone and e-mail

Revision ID: 4c1e7a9b2d30
Revises: de633df6c820
Create Date: 2026-12-03 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4c1e7a9b2d30"
down_revision: str | None = "de633df6c820"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=50), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=30), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=200), nullable=False, server_default=""))
    # The free-text contact of earlier interests is kept where a reader looks for the person.
    op.execute("UPDATE interests SET contact_name = substr(contact, 1, 50)")
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.drop_column("contact")
    # A returned demand is one its owner may revise; earlier rejections become returns.
    op.execute("UPDATE demands SET status = 'returned' WHERE status = 'rejected'")


def downgrade() -> None:
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact", sa.String(length=100), nullable=False, server_default=""))
    op.execute(
        "UPDATE interests SET contact = "
        "substr(trim(contact_name || ' ' || contact_phone || ' ' || contact_email), 1, 100)"
    )
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
