"""Peer feedback after an event (issue 11): each participant scores every programme item from 1
to 5 and answers the hosts' open questions, once, anonymously towards the hosts if they want."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.network.models import (
    DEFAULT_FEEDBACK_QUESTIONS,
    FeedbackQuestion,
    FeedbackResponse,
    Registration,
)

ANSWER_MAX = 2000


def questions_of(event) -> list[FeedbackQuestion]:
    """The event's open questions; the three defaults until the hosts change them."""
    questions = list(event.feedback_questions.all())
    if questions:
        return questions
    with transaction.atomic():
        return [
            FeedbackQuestion.objects.create(event=event, text=str(text), order=n)
            for n, text in enumerate(DEFAULT_FEEDBACK_QUESTIONS)
        ]


@transaction.atomic
def question_save(*, actor, event, text: str, question=None) -> FeedbackQuestion:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if (
        event.ends_at < timezone.now()
        and FeedbackResponse.objects.filter(registration__event=event).exists()
    ):
        raise ValidationError(_("Feedback has come in: the questions can no longer change."))
    if question is None:
        order = len(questions_of(event))
        question = FeedbackQuestion.objects.create(event=event, text=text, order=order)
    else:
        question.text = text
        question.save(update_fields=["text"])
    log_action(actor=actor, action="network.feedback_question.saved", obj=question)
    return question


def may_give(registration: Registration, now=None) -> None:
    """Raise with the reason when this registration may not give feedback (now)."""
    now = now or timezone.now()
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people who were registered can give feedback."))
    if registration.event.ends_at > now:
        raise ValidationError(_("Feedback opens when the event is over."))
    if registration.feedback.exists():
        raise ValidationError(_("You already gave your feedback. Thank you!"))


@transaction.atomic
def feedback_give(*, registration: Registration, parts: list[dict], anonymous: bool) -> int:
    """`parts`: one dict per programme item (None: the event as a whole) with `item`, `score`
    (1-5 or None) and `answers` ({question id: text}). Parts left empty are skipped; all
    empty is refused. Nothing is saved unless everything is."""
    may_give(registration)
    kept = [p for p in parts if p.get("score") or any(v.strip() for v in p["answers"].values())]
    if not kept:
        raise ValidationError(_("Give at least one score or answer."))
    for part in kept:
        if part.get("score") is not None and not 1 <= part["score"] <= 5:
            raise ValidationError(_("A score is a number from 1 to 5."))
    try:
        FeedbackResponse.objects.bulk_create(
            FeedbackResponse(
                registration=registration,
                item=part["item"],
                score=part.get("score"),
                answers={
                    k: v.strip()[:ANSWER_MAX] for k, v in part["answers"].items() if v.strip()
                },
                anonymous=anonymous,
            )
            for part in kept
        )
    except IntegrityError:
        raise ValidationError(_("You already gave your feedback. Thank you!")) from None
    log_action(
        actor=registration.user, action="network.feedback.given", obj=registration,
        data={"parts": len(kept), "anonymous": anonymous},
    )  # fmt: skip
    return len(kept)
