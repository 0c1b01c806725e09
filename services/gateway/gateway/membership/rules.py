"""Which roles an organisation's kind allows, and who may grant them (docs/decisions/0052).

An enterprise's or vendor's members are added by the organisation's own administrator, by
invitation; the platform operator adds members only to operator and government organisations. The
expert role is the exception the expert pool needs: the operator appoints experts, recording the
organisation each works for (any kind) so that conflicts of interest recuse them; it is held alone
and grants nothing in that organisation (every read of a vendor's or enterprise's data requires the
vendor or enterprise role).
"""

from __future__ import annotations

from collections.abc import Collection

from kit.errors import UnprocessableContent

# The role an organisation's administrator invites members to.
MEMBER_ROLE: dict[str, str] = {"enterprise": "enterprise", "vendor": "vendor"}
# The roles the platform operator may grant, by organisation kind.
OPERATOR_GRANTS: dict[str, frozenset[str]] = {
    "operator": frozenset({"admin", "expert"}),
    "government": frozenset({"gov_reviewer", "supervisor", "expert"}),
    "enterprise": frozenset({"expert"}),
    "vendor": frozenset({"expert"}),
}


class RoleNotAllowed(UnprocessableContent):
    code = "role-not-allowed"
    title = "This role cannot be granted in this organisation"


def check_operator_grant(kind: str, roles: Collection[str]) -> None:
    allowed = OPERATOR_GRANTS.get(kind, frozenset())
    refused = sorted(set(roles) - allowed)
    if refused:
        raise RoleNotAllowed(
            f"平台管理员不能在{kind}类机构授予角色 {', '.join(refused)}；企业和服务商的成员由其机构管理员邀请加入。"
            f" The platform operator cannot grant {', '.join(refused)} in a {kind} organisation; enterprises and"
            " vendors add their own members by invitation.",
            refused_roles=refused,
            allowed_roles=sorted(allowed),
        )
    if "expert" in roles and len(set(roles)) > 1:
        raise RoleNotAllowed(
            "专家角色须单独授予。 The expert role is held alone.", refused_roles=sorted(set(roles) - {"expert"})
        )
