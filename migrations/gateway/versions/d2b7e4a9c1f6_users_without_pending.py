"""users without the pending state: a user is created active, registration waits on its organisation

Revision ID: d2b7e4a9c1f6
Revises: c4e8f1a2b3d5
Create Date: 2026-12-03 16:50:00.000000

No code creates or enters a pending user (decision 0104). A row some hand put in that state could not
sign in, and an administrator could activate it; it becomes suspended, which keeps both, and its
history records the move.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import kit.types
from kit.migrate import replace_check

revision: str = "d2b7e4a9c1f6"
down_revision: str | None = "c4e8f1a2b3d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "status IN ('pending', 'active', 'suspended')"
NEW = "status IN ('active', 'suspended')"
ACTOR = "system:migration"
REASON = (
    "待激活状态已取消，改为停用，可由管理员启用。"
    " The pending state was removed: suspended, an administrator may activate."
)

users = sa.table("users", sa.column("id", sa.String()), sa.column("status", sa.String()))
transitions = sa.table(
    "status_transitions",
    sa.column("id", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("action", sa.String()),
    sa.column("from_status", sa.String()),
    sa.column("to_status", sa.String()),
    sa.column("actor", sa.String()),
    sa.column("reason", sa.Text()),
    sa.column("at", kit.types.UtcDateTime(timezone=True)),
)


def upgrade() -> None:
    bind = op.get_bind()
    pending = bind.execute(sa.select(users.c.id).where(users.c.status == "pending")).scalars().all()
    if pending:
        now = datetime.now(UTC)
        bind.execute(
            transitions.insert(),
            [
                {
                    "id": kit.types.new_id(),
                    "entity": "user",
                    "entity_id": user_id,
                    "action": "suspend",
                    "from_status": "pending",
                    "to_status": "suspended",
                    "actor": ACTOR,
                    "reason": REASON,
                    "at": now,
                }
                for user_id in pending
            ],
        )
        bind.execute(users.update().where(users.c.status == "pending").values(status="suspended"))
    replace_check("users", OLD, NEW)


def downgrade() -> None:
    # The users this migration suspended go back to pending (and its history rows go); a user whose
    # status an administrator has changed since keeps the later state.
    ours, later = transitions.alias("ours"), transitions.alias("later")
    moved = sa.select(ours.c.entity_id).where(
        ours.c.entity == "user",
        ours.c.actor == ACTOR,
        ~sa.exists().where(later.c.entity == "user", later.c.entity_id == ours.c.entity_id, later.c.at > ours.c.at),
    )
    replace_check("users", NEW, OLD)
    op.execute(users.update().where(users.c.status == "suspended", users.c.id.in_(moved)).values(status="pending"))
    op.execute(transitions.delete().where(transitions.c.entity == "user", transitions.c.actor == ACTOR))
