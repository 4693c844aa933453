"""Peer feedback pages (HTTP glue only): the participant's form (members from the event page,
guests from their personal link), the hosts' questions and results, the CSV export."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from buurtkompas.core.views_common import GET_POST
from buurtkompas.network import event_selectors, event_services
from buurtkompas.network import feedback_selectors as selectors
from buurtkompas.network import feedback_services as services
from buurtkompas.network.access import network_view

SCORE_CHOICES = [("", gettext_lazy("no score"))] + [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous towards the hosts (they do not see my name)"),
        required=False,
    )

    def __init__(self, *args, parts, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts, self.questions, self.groups = parts, questions, []
        for item in parts:
            key = item.pk if item else "event"
            names = [f"score_{key}"]
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=gettext_lazy("Score from 1 (poor) to 5 (very good)"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            for question in questions:
                name = f"q{question.pk}_{key}"
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=services.ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                names.append(name)
            self.groups.append((item, [self[name] for name in names]))

    def service_parts(self) -> list[dict]:
        data = self.cleaned_data
        parts = []
        for item in self.parts:
            key = item.pk if item else "event"
            answers = {str(q.pk): data.get(f"q{q.pk}_{key}", "") for q in self.questions}
            parts.append({"item": item, "score": data.get(f"score_{key}"), "answers": answers})
        return parts


def _feedback_page(request, registration):
    event = registration.event
    parts = list(event.programme.order_by("starts_at", "title")) or [None]
    questions = services.questions_of(event)
    form = FeedbackForm(request.POST or None, parts=parts, questions=questions)
    refusal = None
    try:
        services.may_give(registration)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.feedback_give(
                registration=registration,
                parts=form.service_parts(),
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(event.get_absolute_url())
    context = {"event": event, "form": form, "refusal": refusal, "registration": registration}
    status = 400 if form.errors else 200
    return render(request, "network/events/feedback.html", context, status=status)


@network_view()
@require_http_methods(GET_POST)
def feedback_member(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    registration = event_selectors.live_registration(event, request.user)
    if registration is None:
        context = {
            "event": event,
            "refusal": _("Only people who were registered can give feedback."),
        }
        return render(request, "network/events/feedback.html", context)
    return _feedback_page(request, registration)


@require_http_methods(GET_POST)
def feedback_guest(request, token):
    registration = event_services.registration_by_token(token)
    if registration is None:
        raise Http404
    response = _feedback_page(request, registration)
    response["Cache-Control"] = "no-store, private"
    return response


feedback_guest.network_personal_link = True  # the token is the key: no log-in


class QuestionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("New question"), max_length=300)


@network_view(coordinator=True, host_team=True)
@require_http_methods(GET_POST)
def feedback_questions(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("text" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("network:feedback_questions", request.network.slug, event.pk)
    context = {"event": event, "form": form, "questions": services.questions_of(event)}
    return render(request, "network/events/feedback_questions.html", context)


@network_view(coordinator=True, host_team=True)
@require_GET
def feedback_results(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    questions, results = selectors.results(event)
    if request.GET.get("format") == "csv":
        return _csv(event, questions, results)
    context = {"event": event, "questions": questions, "results": results}
    return render(request, "network/events/feedback_results.html", context)


def _csv(event, questions, results) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{event.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["item", "responses", "average_score", *[f"score_{n}" for n in range(1, 6)]])
    for result in results:
        title = result.item.title if result.item else event.title
        average = f"{result.average:.2f}" if result.average is not None else ""
        counts = [n for _score, n, _px, _y in result.distribution]
        writer.writerow([title, result.responses, average, *counts])
    writer.writerow([])
    writer.writerow(["item", "question", "answer", "author"])
    text = {q.pk: q.text for q in questions}
    for result in results:
        title = result.item.title if result.item else event.title
        for question_id, answers in result.answers.items():
            for answer in answers:
                author = answer.author or "anonymous"
                writer.writerow([title, text.get(question_id, ""), answer.text, author])
    return response
