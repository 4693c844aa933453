"""The knowledge base's e-mails: plain text in Dutch with the English version below it, with a
link to the item (the reader logs in to see it). A mail server that refuses is logged; what
was written stands."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)
SEPARATOR = "\n\n" + "-" * 60 + "\n(English below)\n\n"


def _send(template: str, subject: str, recipients: list[str], context: dict) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    parts, subjects = [], []
    for language in ("nl", "en"):
        with translation.override(language):
            subjects.append(_(subject) % {"item": context["item"].title})
            parts.append(render_to_string(f"knowledge/email/{template}.txt", context))
    try:
        send_mail(subjects[0], parts[0] + SEPARATOR + parts[1], None, recipients)
    except OSError:
        logger.exception(
            "knowledge item %s: the %s e-mail was not sent", context["item"].pk, template
        )


def link(item) -> str:
    return settings.SITE_URL + item.get_absolute_url()


def question(question) -> None:
    item = question.item
    writer = question.author.name if question.author else ""
    if question.parent_id is None:
        recipients = [item.author.email] if item.author else []
        subject = gettext_noop("A question about “%(item)s”")
    else:
        thread = [question.parent, *question.parent.replies.all()]
        recipients = [q.author.email for q in thread if q.author]
        if item.author:
            recipients.append(item.author.email)
        subject = gettext_noop("An answer about “%(item)s”")
    if question.author:
        recipients = [r for r in recipients if r != question.author.email]
    context = {
        "item": item,
        "writer": writer,
        "text": question.text,
        "is_answer": question.parent_id is not None,
        "link": link(item) + "#vragen",
    }
    _send("question", subject, recipients, context)


def submitted(item) -> None:
    from buurtkompas.knowledge.selectors import reviewer_emails

    context = {"item": item, "writer": item.credited, "link": link(item)}
    _send(
        "submitted",
        gettext_noop("Submitted for review: “%(item)s”"),
        reviewer_emails(item),
        context,
    )


def published(item) -> None:
    recipients = [item.author.email] if item.author else []
    _send(
        "published",
        gettext_noop("Published: “%(item)s”"),
        recipients,
        {"item": item, "link": link(item)},
    )
