"""The e-mails of network events, each in Dutch with the English version below it, each with
the personal link (see, confirm or cancel without logging in). Plain text from
`templates/network/email/events_<kind>.txt`; absolute links from SITE_URL. Sent as the last
step of the service that decided it (a refused registration raised before and sends nothing);
a mail server that refuses is logged and the registration stands."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SEPARATOR = "\n\n" + "-" * 60 + "\n(English below)\n\n"


def personal_link(registration) -> str:
    return settings.SITE_URL + reverse("network:registration", args=[registration.personal_token()])


def _subject(kind: str, event) -> str:
    subjects = {
        "confirm": _("Please confirm your registration: %(event)s"),
        "registered": _("You are registered: %(event)s"),
        "waitlisted": _("You are on the waitlist: %(event)s"),
        "promoted": _("A place came free, you are registered: %(event)s"),
        "reminder": _("Reminder: %(event)s"),
        "cancelled": _("Cancelled: %(event)s"),
        "feedback": _("How was it? Your feedback on %(event)s"),
    }
    return subjects[kind] % {"event": event.title}


def _send(kind: str, registration, extra: dict | None = None) -> None:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "network": event.network,
        "link": personal_link(registration),
        "event_link": settings.SITE_URL + event.get_absolute_url(),
        **(extra or {}),
    }
    with translation.override("nl"):
        subject = _subject(kind, event)
        dutch = render_to_string(f"network/email/events_{kind}.txt", context)
    with translation.override("en"):
        english_subject = _subject(kind, event)
        english = render_to_string(f"network/email/events_{kind}.txt", context)
    first_english = registration.language == "en"
    body = (
        english + SEPARATOR.replace("English below", "Nederlands hieronder") + dutch
        if first_english
        else dutch + SEPARATOR + english
    )
    subject = english_subject if first_english else subject
    to = registration.email

    try:
        send_mail(subject, body, None, [to])
    except OSError:  # smtplib.SMTPException included: the registration stands
        logger.exception("registration %s: the %s e-mail was not sent", registration.pk, kind)


def confirm_guest(registration) -> None:
    hours = settings.NETWORK_GUEST_CONFIRM_HOURS
    _send("confirm", registration, {"hours": hours})


def registered(registration) -> None:
    _send("waitlisted" if registration.status == "waitlisted" else "registered", registration)


def promoted(registration) -> None:
    _send("promoted", registration)


def reminder(registration) -> None:
    _send("reminder", registration)


def event_cancelled(registration) -> None:
    _send("cancelled", registration)


def feedback_request(registration) -> None:
    link = settings.SITE_URL + reverse("network:feedback", args=[registration.personal_token()])
    _send("feedback", registration, {"feedback_link": link})
