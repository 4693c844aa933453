"""The known-device cookie: a browser that logged in to an account before.

At each successful log-in the browser gets (or keeps) a random device id for that account, in
one signed, HttpOnly cookie that lasts LOGIN_DEVICE_DAYS and holds the ids of the last few
accounts logged in from it (a shared computer in a community centre). It proves nothing about
the person and logs nobody in: it only lets `throttle` judge this device by its own failures,
so guessing on the same account from elsewhere never locks it out.
"""

import secrets

from django.conf import settings

COOKIE = "buurtkompas_device"
SALT = "buurtkompas.accounts.device"
KEEP = 5  # accounts remembered per browser


def max_age_s() -> int:
    return settings.LOGIN_DEVICE_DAYS * 24 * 3600


def known(request) -> dict[str, str]:
    """user pk (as text) -> device id, from a valid cookie; empty when there is none."""
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=max_age_s())
    entries = (entry.partition(":") for entry in value.split("|") if entry)
    return {pk: device for pk, _colon, device in entries if pk.isdigit() and device.isalnum()}


def device_of(request, user_pk) -> str:
    """This browser's device id for the account, or "" when it never logged in to it."""
    return known(request).get(str(user_pk), "") if user_pk is not None else ""


def remember(request, response, user) -> None:
    """Keep (or give) this browser a device id for the user: the newest account first."""
    devices = known(request)
    device = devices.pop(str(user.pk), "") or secrets.token_hex(16)
    entries = [(str(user.pk), device), *list(devices.items())[: KEEP - 1]]
    response.set_signed_cookie(
        COOKIE,
        "|".join(f"{pk}:{device_id}" for pk, device_id in entries),
        salt=SALT,
        max_age=max_age_s(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
