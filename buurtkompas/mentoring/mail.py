"""The e-mails of mentoring, in Dutch with the English version below (as the network's own
e-mails): a proposed pair, and the reminder after six weeks without a logged meeting. Plain
text from `templates/mentoring/email/<kind>.txt`; the link goes to the trajectory's page (log
in first). Never the private notes, the intake or the evaluations. A mail server that refuses is
logged and what was decided stands."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SEPARATOR = "\n\n" + "-" * 60 + "\n(English below)\n\n"


def _subject(kind: str, network) -> str:
    subjects = {
        "proposed": _("A proposal for mentoring in %(network)s"),
        "reminder": _("No meeting logged for six weeks: %(network)s"),
    }
    return subjects[kind] % {"network": network.name}


def _send(kind: str, trajectory, to) -> None:
    context = {
        "name": to.name,
        "network": trajectory.network.name,
        "rookie": trajectory.rookie.name,
        "master": trajectory.master.name,
        "link": settings.SITE_URL + trajectory.get_absolute_url(),
    }
    parts = []
    for language in ("nl", "en"):
        with translation.override(language):
            parts.append(
                (
                    _subject(kind, trajectory.network),
                    render_to_string(f"mentoring/email/{kind}.txt", context),
                )
            )
    body = parts[0][1] + SEPARATOR + parts[1][1]
    try:
        send_mail(parts[0][0], body, None, [to.email])
    except OSError:  # smtplib.SMTPException included
        logger.exception("trajectory %s: the %s e-mail was not sent", trajectory.pk, kind)


def proposed(trajectory) -> None:
    for person in (trajectory.rookie, trajectory.master):
        _send("proposed", trajectory, person)


def reminder(trajectory) -> None:
    for person in (trajectory.rookie, trajectory.master):
        _send("reminder", trajectory, person)
