"""Sign-in, token issue and refresh rotation."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.auth import passwords
from gateway.auth.policy import WeakPassword, check_policy
from gateway.auth.schemas import TokenPair
from gateway.models import Membership, Organisation, PasswordHistory, RefreshToken, User
from kit.errors import Forbidden, Unauthorized
from kit.tokens import TokenCodec


@dataclass(frozen=True)
class Identity:
    user: User
    organisation: Organisation | None
    roles: list[str]
    member_since: datetime | None = None


def load_identity(session: Session, user: User) -> Identity:
    memberships = session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    org_id = memberships[0].organisation_id if memberships else None
    organisation = session.get(Organisation, org_id) if org_id else None
    held = [m for m in memberships if m.organisation_id == org_id]
    since = min((m.created_at for m in held), default=None)
    return Identity(user=user, organisation=organisation, roles=sorted({m.role for m in held}), member_since=since)


@dataclass(frozen=True)
class UserView:
    """A user with the roles and the organisation they act for, as the admin, expert-pool and
    internal directory responses show it (each picks the fields its model has)."""

    id: str
    username: str
    display_name: str
    status: str
    roles: list[str]
    organisation_id: str | None
    organisation_name: str | None
    organisation_kind: str | None
    totp_enabled: bool = False


def user_view(session: Session, user: User) -> UserView:
    identity = load_identity(session, user)
    org = identity.organisation
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        status=user.status,
        roles=identity.roles,
        organisation_id=org.id if org else None,
        organisation_name=org.name if org else None,
        organisation_kind=org.kind if org else None,
        totp_enabled=user.totp_enabled_at is not None,
    )


def ensure_may_sign_in(identity: Identity) -> None:
    if identity.user.status == "suspended":
        raise Forbidden("该账号已被停用，请联系平台管理员。 This account is suspended.", code="account-suspended")
    org = identity.organisation
    if org is not None and org.status == "suspended":
        raise Forbidden("所属机构已被停用。 The organisation is suspended.", code="organisation-suspended")
    if org is not None and org.status == "rejected":
        raise Forbidden(
            f"机构注册未通过审核：{org.rejection_reason}。 The registration was rejected: {org.rejection_reason}",
            code="organisation-rejected",
            reason=org.rejection_reason,
        )
    if org is not None and org.status == "pending":
        raise Forbidden(
            "机构尚待管理员审核，审核通过后即可登录。 The organisation awaits verification.",
            code="organisation-pending",
        )


def same_username(username: str) -> ColumnElement[bool]:
    """Usernames are one account whatever their case (a unique index on lower(username) holds it)."""
    return func.lower(User.username) == func.lower(username)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Verified:
    """A password that matched, and the hash it matched (see `AuthService.check_password`)."""

    user_id: str
    username: str
    password_hash: str
    rehashed: str | None
    temporary_until: datetime | None


class AuthService:
    def __init__(self, hasher: PasswordHasher, codec: TokenCodec, totp_roles: frozenset[str] = frozenset()) -> None:
        self.hasher = hasher
        self.codec = codec
        self.totp_roles = totp_roles
        self._dummy_hash = hasher.hash(secrets.token_hex(16))

    def check_password(self, sessionmaker: sessionmaker[Session], username: str, password: str) -> Verified | None:
        """The account whose password this is, or None. The argon2id check (about 0.2 s of CPU) runs
        outside any transaction: on SQLite a transaction holds the one write lock, and every other
        request of the gateway would wait behind the hash."""
        return self._check(sessionmaker, same_username(username), password)

    def check_user_password(self, sessionmaker: sessionmaker[Session], user_id: str, password: str) -> Verified | None:
        """As `check_password`, for the signed-in user confirming their password."""
        return self._check(sessionmaker, User.id == user_id, password)

    def _check(self, sessionmaker: sessionmaker[Session], which: ColumnElement[bool], password: str) -> Verified | None:
        with sessionmaker() as session:
            row = session.execute(
                select(User.id, User.username, User.password_hash, User.password_temporary_until).where(which)
            ).first()
        if row is None:
            passwords.verify(self.hasher, self._dummy_hash, password)
            return None
        if not passwords.verify(self.hasher, row.password_hash, password):
            return None
        rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(row.password_hash) else None
        return Verified(
            user_id=row.id,
            username=row.username,
            password_hash=row.password_hash,
            rehashed=rehashed,
            temporary_until=row.password_temporary_until,
        )

    def replacement_hash(
        self,
        sessionmaker: sessionmaker[Session],
        verified: Verified,
        password: str,
        new_password: str | None,
        now: datetime,
    ) -> str | None:
        """At sign-in with a temporary password: the hash of the password that replaces it, or None
        when the password is not temporary. Refuses an expired temporary password, and a sign-in
        without the new one (the client then asks for it)."""
        if verified.temporary_until is None:
            return None
        if verified.temporary_until <= now:
            raise Forbidden(
                "临时密码已过期，请联系平台管理员重新设置。 The temporary password has expired.",
                code="temporary-password-expired",
            )
        if new_password is None:
            raise Forbidden(
                "这是管理员设置的临时密码，请设置新密码后登录。 Choose a new password to replace the temporary one.",
                code="password-change-required",
                field="new_password",
            )
        check_new_password(new_password, password, verified.username)
        with sessionmaker() as session:
            earlier = earlier_hashes(session, verified.user_id)
        check_not_reused(self.hasher, earlier, new_password)
        return self.hasher.hash(new_password)

    def signed_in_user(self, session: Session, verified: Verified) -> User | None:
        """The verified account, loaded in the sign-in transaction; None when its password changed
        since it was checked."""
        user = session.get(User, verified.user_id)
        if user is None or user.password_hash != verified.password_hash:
            return None
        if verified.rehashed is not None:
            user.password_hash = verified.rehashed
        return user

    def must_enrol_totp(self, identity: Identity) -> bool:
        """A user holding a role that needs a second factor, without one yet."""
        return identity.user.totp_enabled_at is None and not self.totp_roles.isdisjoint(identity.roles)

    def issue(
        self,
        session: Session,
        identity: Identity,
        now: datetime,
        family: str | None = None,
        *,
        user_agent: str | None = None,
    ) -> TokenPair:
        org = identity.organisation
        enrolment_only = self.must_enrol_totp(identity)
        family = family or str(uuid.uuid4())
        access = self.codec.issue_access(
            user_id=identity.user.id,
            username=identity.user.username,
            roles=identity.roles,
            org_id=org.id if org else None,
            org_kind=org.kind if org else None,
            org_name=org.name if org else None,
            now=now,
            member_since=identity.member_since,
            totp_enrolment_only=enrolment_only,
            session_id=family,
        )
        refresh = secrets.token_urlsafe(32)
        session.add(
            RefreshToken(
                user_id=identity.user.id,
                token_hash=_hash(refresh),
                family=family,
                issued_at=now,
                user_agent=user_agent[:200] if user_agent else None,
                expires_at=now + timedelta(seconds=self.codec.settings.refresh_ttl_seconds),
            )
        )
        return TokenPair(
            access_token=access,
            refresh_token=refresh,
            token_type="bearer",
            expires_in=self.codec.settings.access_ttl_seconds,
            totp_enrolment_required=enrolment_only,
        )

    def refresh(self, session: Session, token: str, now: datetime) -> tuple[TokenPair | None, str | None]:
        """Rotate a refresh token. Reuse of a spent token revokes its whole family (likely theft).

        Returns (pair, None) on success, or (None, reason) when refused; the caller raises after
        this transaction commits so a revocation is kept.
        """
        row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _hash(token)).with_for_update())
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None, "刷新令牌无效或已过期。 The refresh token is invalid or expired."
        if row.used_at is not None:
            revoke_tokens(session, RefreshToken.family == row.family, now)
            return None, "刷新令牌已被使用过，已全部吊销，请重新登录。 Refresh token reuse detected; sign in again."
        row.used_at = now
        user = session.get(User, row.user_id)
        if user is None:
            return None, "用户不存在。 Unknown user."
        identity = load_identity(session, user)
        ensure_may_sign_in(identity)
        return self.issue(session, identity, now, family=row.family, user_agent=row.user_agent), None

    def revoke_family(self, session: Session, token: str, now: datetime) -> None:
        """Sign-out: the refresh token's whole rotation family stops working, whoever holds a copy.
        An unknown or already revoked token is not an error: signing out twice ends the same."""
        family = session.scalar(select(RefreshToken.family).where(RefreshToken.token_hash == _hash(token)))
        if family is not None:
            revoke_tokens(session, RefreshToken.family == family, now)


# A new password may repeat neither the current one nor the ones before it: five in all, as the
# city's 等保 2.0 reviews expect of password reuse (decision 0092).
PASSWORD_HISTORY = 5


def set_password(
    session: Session, user: User, password_hash: str, now: datetime, *, temporary_until: datetime | None = None
) -> None:
    """A new password ends every session of the user: each refresh family is revoked (the caller
    issues the one that continues, if any). The password it replaces joins the history (a
    temporary one an administrator set does not: the user never chose it)."""
    if user.password_hash and user.password_temporary_until is None:
        last = session.scalar(select(func.max(PasswordHistory.seq)).where(PasswordHistory.user_id == user.id)) or 0
        session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash, seq=last + 1, replaced_at=now))
        # Only the hashes a new password is checked against are kept.
        session.execute(
            delete(PasswordHistory).where(
                PasswordHistory.user_id == user.id, PasswordHistory.seq <= last + 1 - (PASSWORD_HISTORY - 1)
            )
        )
    user.password_hash = password_hash
    user.password_temporary_until = temporary_until
    revoke_tokens(session, RefreshToken.user_id == user.id, now)


def earlier_hashes(session: Session, user_id: str) -> list[str]:
    """The hashes of the user's earlier passwords that a new one may not repeat (newest first)."""
    stmt = select(PasswordHistory.password_hash).where(PasswordHistory.user_id == user_id)
    stmt = stmt.order_by(PasswordHistory.seq.desc()).limit(PASSWORD_HISTORY - 1)
    return list(session.scalars(stmt))


def repeats(hasher: PasswordHasher, hashes: list[str], new_password: str) -> bool:
    """Whether `new_password` is one of `hashes` (argon2id each: call it outside any write transaction)."""
    return any(passwords.verify(hasher, h, new_password) for h in hashes)


def reused_password() -> WeakPassword:
    return WeakPassword(
        f"new_password: 新密码不能与最近 {PASSWORD_HISTORY} 次使用过的密码相同。 "
        f"The new password must differ from the last {PASSWORD_HISTORY} passwords.",
        code="password-reused",
        field="new_password",
    )


def check_not_reused(hasher: PasswordHasher, hashes: list[str], new_password: str) -> None:
    if repeats(hasher, hashes, new_password):
        raise reused_password()


def check_new_password(new_password: str, current_password: str, username: str) -> None:
    if new_password == current_password:
        raise WeakPassword(
            "new_password: 新密码不能与当前密码相同。 The new password must differ from the current one.",
            code="password-unchanged",
            field="new_password",
        )
    check_policy(new_password, username, field="new_password")


def revoke_tokens(session: Session, which: ColumnElement[bool], now: datetime) -> None:
    """Revoke every live refresh token matching `which` (a family, or all of one user's)."""
    session.execute(update(RefreshToken).where(which, RefreshToken.revoked_at.is_(None)).values(revoked_at=now))


def invalid_credentials() -> Unauthorized:
    return Unauthorized("用户名或密码错误。 Wrong username or password.", code="invalid-credentials")
