"""Slowing down the guessing of passwords and codes without handing anyone a lock-out.

Failures are counted, never the person: a failure is remembered with the hashed e-mail address
that was typed, the client address (`core.client.client_ip`) and, when the browser carries the
known-device cookie of that account (`devices.py`), that device. Then:

- **Account and client address together.** After LOGIN_FAILURES_ALLOWED failures on one
  account from one address, each further try must wait 1, 2, 4 ... minutes after the last
  failure, at most LOGIN_DELAY_MAX_S. A try in that wait is refused without being checked, also
  with the right password, but only for that pair: the same account from another address works.
- **A known device** (it logged in to this account before) is judged on its own failures only,
  with a higher allowance (LOGIN_DEVICE_FAILURES_ALLOWED): what happens elsewhere never stops it.
- **Many accounts from one address** (a spray): after LOGIN_FAILURES_PER_IP failures on
  *existing* accounts from one address, tries from there wait too, except known devices.
  Addresses without an account are counted apart and never count here, so typing errors or a
  list of made-up addresses block no real account; many of them are only reported in the log.
- **The code of two-step verification** at log-in is counted per account (only someone who
  knows the password gets that far), a known device again apart.
- **While logged in** (changing the password, switching two-step verification off) wrong
  passwords and codes are counted per account.

Whether an address has an account never changes the answer: the same messages and waits apply.
A success clears the failures of that pair or device only, so the owner logging in elsewhere
does not give an attacker fresh tries.
"""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buurtkompas.accounts.events import record
from buurtkompas.accounts.models import FailedLogin, PasswordResetRequest

Kind = FailedLogin.Kind
FIRST_DELAY_S = 60
log = logging.getLogger("buurtkompas.security")


def window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_S)


def recent():
    return FailedLogin.objects.filter(at__gte=window_start())


def delay_s(failures, allowed: int) -> int:
    """Seconds still to wait before the next try: none below `allowed` failures, then 1, 2,
    4 ... minutes after the last failure, at most LOGIN_DELAY_MAX_S."""
    count = failures.count()
    if count < allowed:
        return 0
    last = failures.order_by("-at").values_list("at", flat=True).first()
    exponent = min(count - allowed, 30)
    wait = min(FIRST_DELAY_S * 2**exponent, settings.LOGIN_DELAY_MAX_S)
    remaining = (last + timedelta(seconds=wait) - timezone.now()).total_seconds()
    return max(0, math.ceil(remaining))


def login_wait_s(*, email: str, ip: str | None, device: str = "") -> int:
    """Seconds before this e-mail address may try a password from this client; 0: now."""
    key = FailedLogin.hash_email(email)
    if device:
        return device_wait_s(key, device)
    pair = recent().filter(
        email_sha256=key, ip_address=ip, device="", kind__in=[Kind.PASSWORD, Kind.UNKNOWN]
    )
    wait = delay_s(pair, settings.LOGIN_FAILURES_ALLOWED)
    if ip:
        spray = recent().filter(ip_address=ip, device="", kind=Kind.PASSWORD)
        wait = max(wait, delay_s(spray, settings.LOGIN_FAILURES_PER_IP))
    return wait


def code_wait_s(*, email: str, device: str = "") -> int:
    """Seconds before this account may try a code of two-step verification at log-in."""
    key = FailedLogin.hash_email(email)
    if device:
        return device_wait_s(key, device)
    codes = recent().filter(email_sha256=key, device="", kind=Kind.CODE)
    return delay_s(codes, settings.LOGIN_FAILURES_ALLOWED)


def device_wait_s(key: str, device: str) -> int:
    failures = recent().filter(email_sha256=key, device=device).exclude(kind=Kind.REAUTH)
    return delay_s(failures, settings.LOGIN_DEVICE_FAILURES_ALLOWED)


def reauth_wait_s(*, email: str) -> int:
    """Seconds before a logged-in account may try its password or code again."""
    failures = recent().filter(email_sha256=FailedLogin.hash_email(email), kind=Kind.REAUTH)
    return delay_s(failures, settings.LOGIN_FAILURES_ALLOWED)


@transaction.atomic
def record_failure(*, email: str, ip: str | None, kind: str, device: str = "") -> None:
    """Remember a failed attempt and forget the ones that no longer count."""
    FailedLogin.objects.filter(at__lt=window_start()).delete()
    key = FailedLogin.hash_email(email)
    FailedLogin.objects.create(email_sha256=key, ip_address=ip, kind=kind, device=device)
    if kind == Kind.UNKNOWN and ip:
        unknown = recent().filter(ip_address=ip, kind=Kind.UNKNOWN).count()
        if unknown == settings.LOGIN_FAILURES_PER_IP:
            log.warning("log-in: %s tried %d addresses without an account", ip, unknown)


def clear_failures(*, email: str, ip: str | None, device: str = "") -> None:
    """After a success: forget the failures of this pair (or this device) only."""
    mine = recent().filter(email_sha256=FailedLogin.hash_email(email)).exclude(kind=Kind.REAUTH)
    if device:
        mine.filter(device=device).delete()
    else:
        mine.filter(ip_address=ip, device="").delete()


@transaction.atomic
def record_reauth_failure(*, user, ip: str | None) -> None:
    """A wrong password or code while logged in. The failure that starts the waiting is
    audited: someone with this session may be guessing the password."""
    record_failure(email=user.email, ip=ip, kind=Kind.REAUTH)
    key = FailedLogin.hash_email(user.email)
    count = recent().filter(email_sha256=key, kind=Kind.REAUTH).count()
    if count == settings.LOGIN_FAILURES_ALLOWED:
        record(actor=user, action="accounts.reauth.throttled", obj=user)


def clear_reauth_failures(*, email: str) -> None:
    key = FailedLogin.hash_email(email)
    FailedLogin.objects.filter(email_sha256=key, kind=Kind.REAUTH).delete()


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


# Password-reset e-mails.


def reset_refusal(*, email: str, ip: str | None) -> str:
    """Why a reset e-mail may not be sent now: "address" or "ip" (too many in the last hour)
    or "" (it may)."""
    hour_ago = timezone.now() - timedelta(hours=1)
    PasswordResetRequest.objects.filter(at__lt=hour_ago).delete()
    asked = PasswordResetRequest.objects.filter(at__gte=hour_ago)
    if asked.filter(email_sha256=FailedLogin.hash_email(email)).count() >= (
        settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR
    ):
        return "address"
    if ip and asked.filter(ip_address=ip).count() >= settings.PASSWORD_RESET_PER_IP_PER_HOUR:
        return "ip"
    return ""


def record_reset(*, email: str, ip: str | None) -> None:
    PasswordResetRequest.objects.create(email_sha256=FailedLogin.hash_email(email), ip_address=ip)
