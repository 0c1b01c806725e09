"""Sign-in throttling that slows a guesser without letting anyone lock other people out.

The rule (docs/decisions/0051-sign-in-throttle-and-user-status.md):

- an (account, address) pair is locked after `pair_max_failures` failures in the window, for
  `first_lockout`, doubling with each further failure up to `max_lockout`: the guesser waits, the
  owner signing in from anywhere else does not;
- the account is locked for everyone only when failures come from `account_max_addresses`
  distinct addresses in the window (a distributed guess);
- an address is locked for every account only when it failed for `address_max_accounts` distinct
  accounts in the window (one address spraying many accounts), so colleagues behind one NAT are
  not locked out by one person's typos.

Failures are counted per account name as typed (lower-cased), whether or not the account exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from gateway.auth.rate import RateEvents, seconds_until
from gateway.models import RateEvent

KIND = "sign-in-failure"


@dataclass(frozen=True)
class ThrottlePolicy:
    pair_max_failures: int
    first_lockout: timedelta
    max_lockout: timedelta
    window: timedelta
    account_max_addresses: int
    address_max_accounts: int
    lockout: timedelta

    def pair_lockout(self, failures: int) -> timedelta:
        doublings: int = min(failures - self.pair_max_failures, 20)
        return min(self.first_lockout * (1 << doublings), self.max_lockout)


class LoginThrottle:
    def __init__(
        self, events: RateEvents, policy: ThrottlePolicy, on_failure: Callable[[], None] | None = None
    ) -> None:
        self.events = events
        self.policy = policy
        # Counts the failure on /metrics (gateway_sign_in_failures_total); no account or address there.
        self.on_failure = on_failure

    def retry_after(self, account: str, address: str, now: datetime) -> int | None:
        """Seconds until this account may be tried from this address, or None when it may be now."""
        policy = self.policy
        recent = (RateEvent.kind == KIND, RateEvent.at > now - policy.window)
        with self.events.sessions() as session:
            pair_failures, pair_last = session.execute(
                select(func.count(), func.max(RateEvent.at)).where(
                    *recent, RateEvent.account == account, RateEvent.address == address
                )
            ).one()
            addresses, account_last = session.execute(
                select(func.count(RateEvent.address.distinct()), func.max(RateEvent.at)).where(
                    *recent, RateEvent.account == account
                )
            ).one()
            accounts, address_last = session.execute(
                select(func.count(RateEvent.account.distinct()), func.max(RateEvent.at)).where(
                    *recent, RateEvent.address == address
                )
            ).one()
        until = []
        if pair_failures >= policy.pair_max_failures:
            until.append(pair_last + policy.pair_lockout(pair_failures))
        if addresses >= policy.account_max_addresses:
            until.append(account_last + policy.lockout)
        if accounts >= policy.address_max_accounts:
            until.append(address_last + policy.lockout)
        waits = [seconds_until(moment, now) for moment in until if moment > now]
        return max(waits) if waits else None

    def record_failure(self, account: str, address: str, now: datetime) -> None:
        self.events.record(KIND, address, now, self.policy.window, account=account)
        if self.on_failure is not None:
            self.on_failure()

    def clear(self, account: str, address: str) -> None:
        """A success from this address forgets the pair's failures, not those from other addresses."""
        self.events.forget(KIND, account=account, address=address)
