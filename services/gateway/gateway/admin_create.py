"""The first platform administrator, without the demo seed:

    uv run python -m gateway.admin_create --username ops-admin --display-name 平台管理员 [--credit-code …]

The password comes from a prompt, from `--password-file`, or from ADMIN_PASSWORD(_FILE) (the compose
deployment's secret), never from the command line, where `ps` and the shell history would keep it.
The administrator joins the platform's operator organisation, which is created (with `--credit-code`)
when there is none yet.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select

from gateway import audit
from gateway.auth.passwords import make_hasher
from gateway.auth.policy import REASONS, weakness
from gateway.config import Settings
from gateway.models import Organisation, User
from gateway.organisations import service
from gateway.organisations.schemas import NewUser, OrganisationFields
from kit.clock import SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.errors import ProblemError
from kit.secretfiles import env_value


class Refused(Exception):
    pass


def read_password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            return password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise Refused(f"--password-file {password_file}: {exc.strerror}") from exc
    from_env = env_value("ADMIN_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise Refused("no password: give --password-file, set ADMIN_PASSWORD(_FILE), or run in a terminal")
    first = getpass.getpass("密码 Password: ")
    if getpass.getpass("再次输入 Repeat: ") != first:
        raise Refused("the two passwords differ")
    return first


def create_admin(settings: Settings, args: argparse.Namespace, password: str) -> str:
    """The new administrator's id."""
    reason = weakness(password, args.username)
    if reason is not None:
        raise Refused(f"weak password: {REASONS[reason]}")
    try:
        fields = NewUser(username=args.username, password=password, display_name=args.display_name)
    except ValidationError as exc:
        raise Refused("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from exc
    password_hash = make_hasher(settings.app_env).hash(password)
    now = SystemClock().now()
    engine = make_engine(settings.resolved_database_url("gateway"))
    try:
        with make_sessionmaker(engine).begin() as session:
            org = session.scalar(
                select(Organisation).where(Organisation.kind == "operator").order_by(Organisation.created_at).limit(1)
            )
            if org is None:
                if not args.credit_code:
                    raise Refused("no operator organisation yet: give its --credit-code (and --organisation-name)")
                try:
                    org_fields = OrganisationFields(
                        name=args.organisation_name, credit_code=args.credit_code, district=args.district
                    )
                except ValidationError as exc:
                    raise Refused("; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())) from exc
                org = service.create_organisation(session, org_fields, "operator", "active", now)
            user: User = service.create_user(session, fields, password_hash, org, ["admin"], "active", now)
            data = {"username": user.username, "roles": ["admin"], "organisation_id": org.id}
            audit.record(session, None, "user.admin_created", f"user:{user.id}", now=now, data=data)
            return user.id
    except ProblemError as exc:
        raise Refused(str(exc.detail)) from exc
    finally:
        engine.dispose()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gateway.admin_create", description="Create a platform administrator.", allow_abbrev=False
    )
    p.add_argument("--username", required=True)
    p.add_argument("--display-name", required=True)
    p.add_argument("--password-file", type=Path, help="a file holding the password (else a prompt)")
    p.add_argument("--organisation-name", default="视谷机会平台运营中心", help="when the operator organisation is new")
    p.add_argument("--credit-code", help="统一社会信用代码 of the operator organisation, when it is new")
    p.add_argument("--district", default="滨江区", help="when the operator organisation is new")
    return p


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        user_id = create_admin(settings or Settings(), args, read_password(args.password_file))
    except Refused as exc:
        print(f"gateway.admin_create: refused: {exc}", file=sys.stderr)
        return 2
    print(f"gateway: administrator {args.username} created ({user_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
