"""Mentoring pages (HTTP glue only). Who may use which page: see `mentoring/access.py`."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.core.dates import show_date
from buurtkompas.core.views_common import GET_POST
from buurtkompas.mentoring import forms, selectors, services
from buurtkompas.mentoring.access import member_view, pair_view
from buurtkompas.mentoring.models import Evaluation
from buurtkompas.workspaces.audit_views import safe_cell


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _to_trajectory(request):
    return redirect("mentoring:trajectory", request.network.slug, request.trajectory.pk)


# --- a member's own page, offer and request ---------------------------------------------------


@member_view()
@require_GET
def home(request):
    network, user = request.network, request.user
    context = {
        "offer": selectors.offer_of(network, user),
        "rookie_request": selectors.request_of(network, user),
        "trajectories": selectors.trajectories_of(network, user),
    }
    return render(request, "mentoring/home.html", context)


@member_view()
@require_http_methods(GET_POST)
def offer(request):
    found = selectors.offer_of(request.network, request.user)
    form = forms.OfferForm(request.POST or None, offer=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_save(actor=request.user, network=request.network,
                                **form.service_fields())  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your offer to be a master was saved."))
            return redirect("mentoring:home", request.network.slug)
    return render(request, "mentoring/offer.html", {"form": form, "offer": found})


@member_view()
@require_POST
def offer_withdraw(request):
    found = selectors.offer_of(request.network, request.user)
    if found is not None and found.active:
        services.offer_withdraw(actor=request.user, offer=found)
        messages.success(request, _("You no longer offer to be a master."))
    return redirect("mentoring:home", request.network.slug)


@member_view()
@require_http_methods(GET_POST)
def rookie_request(request):
    found = selectors.request_of(request.network, request.user)
    form = forms.RequestForm(request.POST or None, request_=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_save(actor=request.user, network=request.network,
                                  **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your request for a master was saved."))
            return redirect("mentoring:home", request.network.slug)
    return render(request, "mentoring/request.html", {"form": form, "rookie_request": found})


@member_view()
@require_POST
def request_withdraw(request):
    found = selectors.request_of(request.network, request.user)
    if found is not None:
        try:
            services.request_withdraw(actor=request.user, request=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request for a master was withdrawn."))
    return redirect("mentoring:home", request.network.slug)


# --- the coordinators' pages ------------------------------------------------------------------


@member_view(coordinator=True)
@require_GET
def match_list(request):
    context = {
        "requests": selectors.open_requests(request.network),
        "offers": selectors.offers(request.network),
    }
    return render(request, "mentoring/match_list.html", context)


@member_view(coordinator=True)
@require_http_methods(GET_POST)
def match(request, request_id):
    wanted = selectors.open_request(request.network, request_id)
    form = forms.ProposeForm(request.POST or None, offers=selectors.offers(request.network))
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.trajectory_propose(
                actor=request.user, offer=form.cleaned_data["offer"], request=wanted
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The pair was proposed; both have been e-mailed."))
            return redirect("mentoring:trajectory", request.network.slug, trajectory.pk)
    context = {"wanted": wanted, "form": form, "suggestions": selectors.suggestions(wanted)}
    return render(request, "mentoring/match.html", context)


@member_view(coordinator=True)
@require_GET
def overview(request):
    context = {"groups": selectors.overview(request.network), "today": timezone.localdate()}
    return render(request, "mentoring/overview.html", context)


@member_view(coordinator=True)
@require_GET
def overview_csv(request):
    """The overview as a spreadsheet: the same values as the page, no text the pair wrote."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"mentoring-{request.network.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_("Status"), _("Rookie"), _("Master"), _("Start date"), _("Months running"),
                     _("Meetings logged"), _("Last meeting"), _("Midterm check"),
                     _("End evaluation"), _("Ended on")])  # fmt: skip
    for _label, rows in selectors.overview(request.network):
        for row in rows:
            evaluations = [_evaluation_cell(due) for due in row.evaluations] or ["", ""]
            cells = [row.status_label, row.rookie, row.master, show_date(row.start_date, "short"),
                     row.months_running, row.meetings_count, show_date(row.last_meeting, "short"),
                     *evaluations, show_date(row.ended_at, "short")]  # fmt: skip
            writer.writerow([safe_cell(cell) for cell in cells])
    return response


def _evaluation_cell(due) -> str:
    if due.done:
        return _("done, score %(score)s of 5") % {"score": due.score}
    return _("due %(date)s") % {"date": show_date(due.due, "short")}


# --- a trajectory -----------------------------------------------------------------------------


@pair_view(coordinator_reads=True)
@require_GET
def trajectory(request):
    found = request.trajectory
    context = {"trajectory": found, "role": request.pair_role}
    if request.pair_role:
        context |= {
            "meetings": found.meetings.all(),
            "evaluations": {e.kind: e for e in found.evaluations.all()},
            "due": selectors.evaluations_due(found, timezone.localdate()),
            "answer_form": forms.AnswerForm(),
        }
    else:
        context["row"] = selectors.coordinator_view(found)
    return render(request, "mentoring/trajectory.html", context)


ANSWERED = {
    "proposed": gettext_lazy("Your answer was saved. The trajectory starts when you both accept."),
    "running": gettext_lazy("You both accepted: the trajectory starts today."),
    "declined": gettext_lazy("You declined the proposal. The coordinators will look further."),
}


@pair_view()
@require_POST
def answer(request):
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return _to_trajectory(request)
    try:
        found = services.trajectory_answer(actor=request.user, trajectory=request.trajectory,
                                           **form.cleaned_data)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ANSWERED[found.status])
    return _to_trajectory(request)


@pair_view()
@require_http_methods(GET_POST)
def intake(request):
    found = request.trajectory
    initial = {"start_date": found.start_date, "goals": found.intake_goals,
               "agreements": found.intake_agreements}  # fmt: skip
    form = forms.IntakeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_save(actor=request.user, trajectory=found, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The intake was saved."))
            return _to_trajectory(request)
    return render(request, "mentoring/intake.html", {"form": form, "trajectory": found})


def _meeting_page(request, meeting=None):
    initial = forms.MeetingForm.of(meeting) if meeting else {"date": timezone.localdate()}
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(actor=request.user, trajectory=request.trajectory,
                                  meeting=meeting, **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return _to_trajectory(request)
    context = {"form": form, "trajectory": request.trajectory, "meeting": meeting}
    return render(request, "mentoring/meeting.html", context)


@pair_view()
@require_http_methods(GET_POST)
def meeting_new(request):
    return _meeting_page(request)


@pair_view()
@require_http_methods(GET_POST)
def meeting_edit(request, meeting_id):
    return _meeting_page(request, get_object_or_404(request.trajectory.meetings, pk=meeting_id))


def _evaluation_page(request, kind):
    form = forms.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(actor=request.user, trajectory=request.trajectory,
                                     kind=kind, **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return _to_trajectory(request)
    context = {"form": form, "trajectory": request.trajectory, "kind": Evaluation.Kind(kind)}
    return render(request, "mentoring/evaluation.html", context)


@pair_view()
@require_http_methods(GET_POST)
def midterm(request):
    return _evaluation_page(request, Evaluation.Kind.MIDTERM)


@pair_view()
@require_http_methods(GET_POST)
def end_evaluation(request):
    return _evaluation_page(request, Evaluation.Kind.END)


@pair_view(coordinator_reads=True)
@require_http_methods(GET_POST)
def end_early(request):
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_end_early(actor=request.user, trajectory=request.trajectory,
                                          reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The trajectory has ended."))
            return _to_trajectory(request)
    return render(request, "mentoring/end.html", {"form": form, "trajectory": request.trajectory})
