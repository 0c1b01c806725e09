"""the supervisor role (监督人): an opening custodian for the 纪检/audit function (decision 0107)

Revision ID: d7e2f4a6b8c1
Revises: d2b7e4a9c1f6
Create Date: 2026-12-03 16:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d7e2f4a6b8c1"
down_revision: str | None = "d2b7e4a9c1f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = "role IN ('enterprise', 'vendor', 'expert', 'gov_reviewer', 'admin')"
_AFTER = "role IN ('enterprise', 'vendor', 'expert', 'gov_reviewer', 'supervisor', 'admin')"


def _role_check(condition: str) -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_memberships_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_memberships_role"), condition)


def upgrade() -> None:
    _role_check(_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM memberships WHERE role = 'supervisor'")
    _role_check(_BEFORE)
