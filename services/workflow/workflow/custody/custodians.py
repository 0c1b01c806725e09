"""A challenge's opening custodians, checked when it is submitted for approval and again at approval
(decision 0107): *k* ≥ 2 of *n* distinct custodians, each an active government reviewer or supervisor in
the accounts directory, none from a vendor or an applicant organisation, each with a registered key.

Every refusal is a 422 naming the field (`custodians.<i>` or `custodian_threshold`). The directory is
asked before the challenge's row is locked (`Prefetched`), as `review` does for experts."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from kit.errors import ServiceUnavailable, UnprocessableContent
from workflow.clients.gateway import DirectoryUser, UserDirectory
from workflow.context import Context
from workflow.custody import repository as keys
from workflow.models import Application, Challenge

# The actions whose rules check the custodians (challenge/lifecycle.py `_custodians_checked`).
CHECKED_AT = frozenset({"submit", "approve"})
CUSTODIAN_ROLES = frozenset({"gov_reviewer", "supervisor"})
# The organisation kinds a custodian may never belong to: a vendor could read its competitors' bids.
REFUSED_KINDS = frozenset({"vendor"})


class Prefetched:
    """The directory's answers for a challenge's custodians, fetched before its row is locked; an id not
    asked before (the custodians changed meanwhile) is asked then."""

    def __init__(self, directory: UserDirectory, user_ids: Collection[str]) -> None:
        self._directory = directory
        self._users = {user_id: directory.user(user_id) for user_id in dict.fromkeys(user_ids)}

    def user(self, user_id: str) -> DirectoryUser | None:
        if user_id not in self._users:
            self._users[user_id] = self._directory.user(user_id)
        return self._users[user_id]

    def users(self, role: str) -> list[DirectoryUser]:
        return self._directory.users(role)


def _refuse(field: str, zh: str, en: str, code: str, **extra: Any) -> UnprocessableContent:
    return UnprocessableContent(f"{field}：{zh} {field}: {en}", code=code, field=field, **extra)


def applicant_org_ids(ctx: Context, ch: Challenge) -> set[str]:
    return set(ctx.session.scalars(select(Application.org_id).where(Application.challenge_id == ch.id)))


def check(ctx: Context, ch: Challenge, directory: UserDirectory | None, stage: str) -> list[dict[str, str]]:
    """The custodians with their keys' fingerprints, or a 422 naming the first field at fault."""
    ids, k = list(ch.custodians), ch.custodian_threshold
    if len(ids) < 2:
        raise _refuse(
            "custodians", "至少指定 2 名开标保管人。", "name at least 2 opening custodians.", "custodians-required"
        )
    if not 2 <= k <= len(ids):
        raise _refuse(
            "custodian_threshold",
            f"开标所需人数须在 2 到 {len(ids)} 之间。",
            f"the threshold must be between 2 and the {len(ids)} custodians.",
            "custodian-threshold",
            threshold=k,
            custodians=len(ids),
        )
    if directory is None:
        raise ServiceUnavailable("the accounts directory is needed to check the custodians")
    applicants = applicant_org_ids(ctx, ch)
    registered = keys.current_keys(ctx.session, ids)
    checked: list[dict[str, str]] = []
    for i, user_id in enumerate(ids):
        field = f"custodians.{i}"
        if user_id in ids[:i]:
            raise _refuse(
                field, f"{user_id} 重复。", f"{user_id} is named twice.", "custodian-repeated", user_id=user_id
            )
        user = directory.user(user_id)
        if user is None or user.status != "active" or not CUSTODIAN_ROLES.intersection(user.roles):
            raise _refuse(
                field,
                f"{user_id} 不是在册的主管部门审核人或监督人。",
                f"{user_id} is not an active government reviewer or supervisor.",
                "not-a-custodian",
                user_id=user_id,
            )
        if user.org_kind in REFUSED_KINDS or (user.org_id is not None and user.org_id in applicants):
            raise _refuse(
                field,
                f"{user_id} 来自揭榜方或申报单位，不能担任开标保管人。",
                f"{user_id} belongs to a vendor or an applicant organisation and cannot be a custodian.",
                "custodian-conflict",
                user_id=user_id,
            )
        key = registered.get(user_id)
        if key is None:
            raise _refuse(
                field,
                f"{user_id} 尚未登记开标密钥。",
                f"{user_id} has not registered an opening key.",
                "no-opening-key",
                user_id=user_id,
            )
        checked.append({"user_id": user_id, "fingerprint": key.fingerprint})
    return checked
