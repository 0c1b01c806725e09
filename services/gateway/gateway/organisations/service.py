from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.auth.service import same_username
from gateway.models import Membership, Organisation, User
from gateway.organisations.schemas import NewUser, OrganisationFields
from kit.errors import Conflict


def create_organisation(
    session: Session, fields: OrganisationFields, kind: str, status: str, now: datetime
) -> Organisation:
    if session.scalar(select(Organisation.id).where(Organisation.credit_code == fields.credit_code)):
        raise Conflict("该统一社会信用代码已注册。 This credit code is already registered.", code="credit-code-taken")
    org = Organisation(
        kind=kind,
        name=fields.name,
        credit_code=fields.credit_code,
        district=fields.district,
        status=status,
        created_at=now,
        verified_at=now if status == "active" else None,
    )
    session.add(org)
    session.flush()
    return org


def create_user(
    session: Session,
    fields: NewUser,
    password_hash: str,
    org: Organisation,
    roles: list[str],
    status: str,
    now: datetime,
    *,
    org_admin: bool = False,
) -> User:
    """`password_hash`: computed by the caller before its transaction began, so that argon2id (about
    0.2 s of CPU) does not run while SQLite's one write lock is held. `org_admin`: the user may
    invite members to `org` (its registrant)."""
    if session.scalar(select(User.id).where(same_username(fields.username))):
        raise Conflict("用户名已被占用。 This username is taken.", code="username-taken")
    user = User(
        username=fields.username,
        display_name=fields.display_name,
        password_hash=password_hash,
        status=status,
        created_at=now,
    )
    session.add(user)
    session.flush()
    for role in roles:
        session.add(Membership(user_id=user.id, organisation_id=org.id, role=role, org_admin=org_admin, created_at=now))
    return user
