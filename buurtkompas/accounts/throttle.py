"""Throttling of log-in attempts: by e-mail address (hashed) and, more loosely, by IP address.

A refused attempt is not checked at all, so a guessed password cannot be confirmed while an
address is throttled. Failed password and failed 2FA-code attempts count alike.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buurtkompas.accounts.models import FailedLogin

IP_FACTOR = 4


def window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_S)


def client_ip(request) -> str | None:
    """The direct peer. X-Forwarded-For is not trusted: anyone can set it."""
    return request.META.get("REMOTE_ADDR") or None


def is_throttled(*, email: str, ip: str | None) -> bool:
    recent = FailedLogin.objects.filter(at__gte=window_start())
    allowed = settings.LOGIN_FAILURES_ALLOWED
    if recent.filter(email_sha256=FailedLogin.hash_email(email)).count() >= allowed:
        return True
    return bool(ip) and recent.filter(ip_address=ip).count() >= allowed * IP_FACTOR


@transaction.atomic
def record_failure(*, email: str, ip: str | None) -> None:
    """Remember a failed attempt and forget the ones that no longer count."""
    FailedLogin.objects.filter(at__lt=window_start()).delete()
    FailedLogin.objects.create(email_sha256=FailedLogin.hash_email(email), ip_address=ip)


def clear_failures(*, email: str) -> None:
    FailedLogin.objects.filter(email_sha256=FailedLogin.hash_email(email)).delete()


def wait_minutes() -> int:
    return max(1, round(settings.LOGIN_FAILURE_WINDOW_S / 60))
