"""Household visits: the team's list, preparing a visit, recording it in steps on a phone, the
visit's summary, the meter photo, and the team's own measures and local services.

Every view is a `workspace_view`; a visit and its parts are fetched with `record_for_reading`
or `record_for_changing`. Services refuse what consent does not allow; a refused or invalid
form is shown again with its errors and nothing is saved. No personal data in URLs or flash
messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.selectors import live_contact
from buurtkompas.residents.services import ConsentMissing
from buurtkompas.residents.views import render_detail
from buurtkompas.workspaces.access import (
    may_change,
    record_for_changing,
    record_for_reading,
    team_records,
    workspace_view,
)
from buurtkompas.workspaces.models import ALL, ORGANISE, WORK

from . import catalogue, labels, overview, selectors, services
from .forms import (
    STEP_FORMS,
    CompleteForm,
    FollowUpForm,
    MeasureForm,
    MeterReadingForm,
    ProblemsForm,
    ReferralForm,
    ReferralServiceForm,
    ReferralStatusForm,
    TeamMeasureForm,
    visit_plan_form,
)
from .models import (
    STEP_KEYS,
    STEPS,
    FittedMeasure,
    HouseholdVisit,
    MeterReading,
    Referral,
    ReferralService,
    TeamMeasure,
)

FILTER_PARAM = "toon"
# The draft each form of a step keeps in the browser (draft.js), cleared after a save.
DRAFT_PARTS = {"reading": "meter", "measure": "measure", "referral": "referral"}


@workspace_view(WORK, personal_data=True)
@require_POST
@never_cache
def visit_plan(request, contact_id: int):
    contact = live_contact(request, contact_id)
    form = visit_plan_form(request.POST)
    if form.is_valid():
        try:
            services.visit_plan(
                actor=request.user, contact=contact, planned_for=form.cleaned_data["planned_for"]
            )
        except ConsentMissing as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The household visit was planned."))
            return redirect("residents:detail", request.workspace.pk, contact.pk)
    return render_detail(request, contact_id, forms={"visits": form})


@workspace_view(ALL)
def visit_list(request):
    """Members who see personal data get the list; partners (and volunteers without that
    right) only the counts."""
    if not request.membership.can_see_personal_data:
        return render_overview(request)
    shown = request.GET.get(FILTER_PARAM, "gepland")
    shown = shown if shown in selectors.FILTERS else "gepland"
    page = paginate(request, selectors.visit_list(request.workspace, shown))
    may_organise = request.membership.organises
    context = {"page": page, "shown": shown, "may_organise": may_organise}
    return render(request, "visits/list.html", context)


@workspace_view(ALL)
@require_GET
def visit_overview(request):
    return render_overview(request)


def render_overview(request):
    """The team's visits in numbers, for every member; small counts hidden from partners."""
    context = overview.team_overview(request.workspace, today=timezone.localdate())
    context["suppress"] = request.membership.sees_aggregates_only
    context["small"] = overview.SMALL
    return render(request, "visits/overview.html", context)


def _visit(request, visit_id, *, change=False) -> HouseholdVisit:
    fetch = record_for_changing if change else record_for_reading
    visit = fetch(request, selectors.visit_parts(), visit_id)
    if visit.contact.is_anonymised:
        raise Http404
    return visit


@workspace_view(WORK, personal_data=True)
def visit_prepare(request, visit_id: int):
    visit = _visit(request, visit_id)
    context = {"visit": visit, "may_change": may_change(request.membership, visit)}
    return render(request, "visits/prepare.html", context | selectors.prepare_data(visit))


@workspace_view(WORK, personal_data=True)
def visit_detail(request, visit_id: int):
    visit = _visit(request, visit_id)
    return render(request, "visits/detail.html", _detail_context(request, visit))


def _detail_context(request, visit, follow_up_form=None) -> dict:
    measures = list(visit.measures.all())
    estimate = selectors.visit_savings(visit, measures=measures)
    signal = selectors.visit_energy_poverty(visit)
    return {
        "visit": visit,
        "may_change": may_change(request.membership, visit),
        "estimate": estimate,
        "estimate_rows": list(zip(measures, estimate.measures, strict=True)) if estimate else [],
        "signal": signal,
        "signal_rows": labels.signal_rows(signal) if signal else [],
        "follow_up_form": follow_up_form or FollowUpForm(),
        "readings": selectors.readings_of_household(visit),
        "measured": selectors.visit_measured_change(visit),
        "language": get_language() or "nl",
    }


@workspace_view(WORK, personal_data=True)
@require_POST
def visit_start(request, visit_id: int):
    visit = _visit(request, visit_id, change=True)
    try:
        services.visit_start(actor=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("visits:prepare", request.workspace.pk, visit.pk)
    return redirect("visits:step", request.workspace.pk, visit.pk, visit.resume_step)


@workspace_view(WORK, personal_data=True)
def visit_resume(request, visit_id: int):
    visit = _visit(request, visit_id)
    return redirect("visits:step", request.workspace.pk, visit.pk, visit.resume_step)


def _next_url(request, visit, step) -> str:
    ws = request.workspace.pk
    if request.POST.get("later"):
        messages.success(request, _("Saved. You can continue later where you stopped."))
        return reverse("visits:prepare", args=[ws, visit.pk]) + f"?opgeslagen={step}"
    index = STEP_KEYS.index(step)
    if index + 1 == len(STEP_KEYS):
        return reverse("visits:detail", args=[ws, visit.pk])
    following = STEP_KEYS[index + 1]
    return reverse("visits:step", args=[ws, visit.pk, following]) + f"?opgeslagen={step}"


def _consents(visit) -> dict:
    contact = visit.contact
    return {
        "may_share_income": contact.active_consent(Purpose.INCOME) is not None,
        "may_add_photo": contact.active_consent(Purpose.PHOTO) is not None,
        "has_visit_consent": contact.active_consent(Purpose.VISIT) is not None,
    }


def _forms_for(request, visit, step, consents, data=None, files=None) -> dict:
    """The step's forms, bound to `data` only for the form the POST's `action` names."""
    action = request.POST.get("action", "step") if data is not None else None
    language = get_language() or "nl"

    def bound(name):
        return (data, files) if action == name else (None, None)

    forms = {}
    if step in STEP_FORMS:
        forms["step_form"] = STEP_FORMS[step](
            bound("step")[0], visit=visit, may_share_income=consents["may_share_income"]
        )
    if step == "energiegebruik":
        forms["reading_form"] = MeterReadingForm(
            *bound("reading"), may_add_photo=consents["may_add_photo"], prefix="meter"
        )
    if step == "maatregelen":
        forms["choices"] = selectors.measure_choices(request.workspace, language)
        forms["measure_form"] = MeasureForm(bound("measure")[0], choices=forms["choices"])
    if step == "doorverwijzingen":
        forms["choices"] = selectors.referral_choices(request.workspace, language)
        forms["referral_form"] = ReferralForm(bound("referral")[0], choices=forms["choices"])
    if step == "woningproblemen":
        initial = {"problems": [p.problem for p in visit.problems.all()]}
        forms["problems_form"] = ProblemsForm(bound("step")[0], initial=initial)
    if step == "afronden":
        initial = {"done_on": visit.done_on or min(visit.planned_for, timezone.localdate())}
        forms["complete_form"] = CompleteForm(bound("step")[0], initial=initial)
    return forms


def _step_context(request, visit, step, consents, forms) -> dict:
    index = STEP_KEYS.index(step)
    return {
        "visit": visit,
        "step": step,
        "steps": [
            {
                "key": key,
                "label": label,
                "number": i + 1,
                "done": visit.last_step in STEP_KEYS and i <= STEP_KEYS.index(visit.last_step),
            }
            for i, (key, label) in enumerate(STEPS)
        ],  # fmt: skip
        "step_number": index + 1,
        "step_label": STEPS[index][1],
        "step_count": len(STEPS),
        "previous_step": STEP_KEYS[index - 1] if index else "",
        "saved_step": request.GET.get("opgeslagen", ""),
        "estimate": selectors.visit_savings(visit) if step == "maatregelen" else None,
        "readings": selectors.readings_of_household(visit) if step == "energiegebruik" else (),
        **consents,
        **forms,
    }


def _save(request, visit, step, forms) -> bool:
    """Run the POSTed action; True when it saved. Errors go onto the form that was sent."""
    action = request.POST.get("action", "step")
    handlers = {
        "step": _save_step,
        "reading": _save_reading,
        "measure": _save_measure,
        "referral": _save_referral,
    }
    handler = handlers.get(action)
    return bool(handler) and handler(request, visit, step, forms)


def _apply(form, call) -> bool:
    try:
        call()
    except (ValidationError, ConsentMissing) as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _save_step(request, visit, step, forms) -> bool:
    actor = request.user
    if step in STEP_FORMS:
        form = forms["step_form"]
        save = lambda: services.visit_step_save(  # noqa: E731
            actor=actor, visit=visit, step=step, data=form.step_data()
        )
    elif step == "woningproblemen":
        form = forms["problems_form"]

        @transaction.atomic
        def save():
            services.visit_problems_add(
                actor=actor, visit=visit, problems=form.cleaned_data["problems"]
            )
            services.visit_step_save(actor=actor, visit=visit, step=step, data={})
    elif step == "afronden":
        form = forms["complete_form"]
        save = lambda: services.visit_complete(actor=actor, visit=visit, **form.cleaned_data)  # noqa: E731
    else:
        form = None
        save = lambda: services.visit_step_save(actor=actor, visit=visit, step=step, data={})  # noqa: E731
    if form is None:
        try:
            save()
        except (ValidationError, ConsentMissing) as error:
            messages.error(request, " ".join(error.messages))
            return False
        return True
    return form.is_valid() and _apply(form, save)


def _save_reading(request, visit, step, forms) -> bool:
    form = forms.get("reading_form")
    if form is None or not form.is_valid():
        return False
    data = form.cleaned_data
    return _apply(
        form,
        lambda: services.meter_reading_add(
            actor=request.user,
            visit=visit,
            read_on=data["read_on"],
            source=data["source"],
            electricity_kwh=data.get("electricity_kwh"),
            gas_m3=data.get("gas_m3"),
            photo=data.get("photo") or None,
        ),
    )


def _chosen(request, value: str, model, prefix_local: str):
    """("c", key) for a catalogue line, or (None, a record of this team) for the team's own."""
    kind, _sep, rest = value.partition(":")
    if kind == "c":
        return rest, None
    if kind == prefix_local:
        return "", record_for_reading(request, model, rest)
    raise Http404


def _save_measure(request, visit, step, forms) -> bool:
    form = forms.get("measure_form")
    if form is None or not form.is_valid():
        return False
    key, team_measure = _chosen(request, form.cleaned_data["measure"], TeamMeasure, "t")
    return _apply(
        form,
        lambda: services.measure_fit(
            actor=request.user,
            visit=visit,
            catalogue_key=key,
            team_measure=team_measure,
            quantity=form.cleaned_data["quantity"],
            status=form.cleaned_data["status"],
            material_cost_eur=form.cleaned_data["material_cost_eur"],
        ),
    )


def _save_referral(request, visit, step, forms) -> bool:
    form = forms.get("referral_form")
    if form is None or not form.is_valid():
        return False
    key, service = _chosen(request, form.cleaned_data["service"], ReferralService, "l")
    return _apply(
        form,
        lambda: services.referral_make(
            actor=request.user,
            visit=visit,
            service_key=key,
            local_service=service,
            follow_up_on=form.cleaned_data["follow_up_on"],
            note=form.cleaned_data["note"],
        ),
    )


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def visit_step(request, visit_id: int, step: str):
    if step not in STEP_KEYS:
        raise Http404
    if request.method == "POST":
        visit = _visit(request, visit_id, change=True)
    else:
        visit = _visit(request, visit_id)
    consents = _consents(visit)
    if not visit.is_open and request.method == "GET":
        return redirect("visits:detail", request.workspace.pk, visit.pk)
    if request.method == "POST":
        forms = _forms_for(request, visit, step, consents, request.POST, request.FILES)
        if _save(request, visit, step, forms):
            action = request.POST.get("action", "step")
            if action == "step":
                return redirect(_next_url(request, visit, step))
            messages.success(request, _("Saved."))
            part = DRAFT_PARTS.get(action, "")
            url = reverse("visits:step", args=[request.workspace.pk, visit.pk, step])
            return redirect(f"{url}?opgeslagen={part}")
        visit = _visit(request, visit_id)  # re-read: nothing of a refused form was kept
    else:
        forms = _forms_for(request, visit, step, consents)
    context = _step_context(request, visit, step, consents, forms)
    return render(
        request, "visits/step.html", context, status=400 if request.method == "POST" else 200
    )


@workspace_view(WORK, personal_data=True)
@require_POST
def measure_remove(request, visit_id: int, measure_id: int):
    visit = _visit(request, visit_id, change=True)
    measure = record_for_changing(request, FittedMeasure, measure_id, visit=visit)
    try:
        services.measure_remove(actor=request.user, measure=measure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The measure was removed."))
    return redirect("visits:step", request.workspace.pk, visit.pk, "maatregelen")


@workspace_view(WORK, personal_data=True)
@require_POST
def referral_status(request, visit_id: int, referral_id: int):
    visit = _visit(request, visit_id, change=True)
    referral = record_for_changing(request, Referral, referral_id, visit=visit)
    form = ReferralStatusForm(request.POST)
    if form.is_valid():
        try:
            services.referral_status_change(
                actor=request.user,
                referral=referral,
                status=form.cleaned_data["status"],
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The referral's status was changed."))
    else:
        messages.error(request, _("Choose a new status."))
    back = request.POST.get("terug") == "stap" and visit.is_open
    if back:
        return redirect("visits:step", request.workspace.pk, visit.pk, "doorverwijzingen")
    return redirect(reverse("visits:detail", args=[request.workspace.pk, visit.pk]) + "#referrals")


@workspace_view(WORK, personal_data=True)
@require_POST
def visit_follow_up(request, visit_id: int):
    visit = _visit(request, visit_id, change=True)
    form = FollowUpForm(request.POST)
    if visit.status != HouseholdVisit.Status.DONE:  # the page offers the form only then
        messages.error(request, _("Finish this visit first; then plan its follow-up."))
        return redirect("visits:detail", request.workspace.pk, visit.pk)
    if form.is_valid():
        try:
            follow_up = services.visit_follow_up_plan(
                actor=request.user, visit=visit, planned_for=form.cleaned_data["planned_for"]
            )
        except (ValidationError, ConsentMissing) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up visit was planned."))
            return redirect("visits:prepare", request.workspace.pk, follow_up.pk)
    context = _detail_context(request, visit, follow_up_form=form)
    return render(request, "visits/detail.html", context, status=400)


@workspace_view(WORK, personal_data=True)
@require_http_methods(["GET"])
@never_cache
def visit_report(request, visit_id: int):
    """The household report as a PDF download, in the language chosen on the visit page
    (`taal`: nl or en). The file name holds the visit's number and date, never a name."""
    visit = _visit(request, visit_id)
    language = request.GET.get("taal", "nl")
    if language not in services.REPORT_LANGUAGES:
        language = "nl"
    pdf = services.visit_report_make(actor=request.user, visit=visit, language=language)
    day = (visit.done_on or visit.planned_for).isoformat()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"huisbezoek-{visit.pk}-{day}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@workspace_view(WORK, personal_data=True)
@require_http_methods(["GET"])
def reading_photo(request, visit_id: int, reading_id: int):
    """The meter photo, only to the team's members who see personal data."""
    visit = _visit(request, visit_id)
    reading = record_for_reading(request, MeterReading, reading_id, visit=visit)
    if not reading.photo:
        raise Http404
    response = FileResponse(reading.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _catalogue_choices(language):
    return [(m.key, m.name(language)) for m in catalogue.load_measures().values()]


@workspace_view(ORGANISE)
@require_http_methods(GET_POST)
def team_measures(request, team_measure_id: int | None = None):
    """The team's own measures and its prices for catalogue measures: list, add, change."""
    language = get_language() or "nl"
    item = record_for_changing(request, TeamMeasure, team_measure_id) if team_measure_id else None
    form = TeamMeasureForm(
        request.POST or None, instance=item, catalogue_choices=_catalogue_choices(language)
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.TEAM_MEASURE_FIELDS}
        if _apply(
            form,
            lambda: services.team_measure_save(
                actor=request.user, workspace=request.workspace, team_measure=item, **fields
            ),
        ):
            messages.success(request, _("The measure was saved."))
            return redirect("visits:team_measures", request.workspace.pk)
    names = dict(_catalogue_choices(language))
    items = list(team_records(request, TeamMeasure))
    for each in items:
        each.label = names.get(each.catalogue_key, each.catalogue_key) or each.name
    context = {"form": form, "item": item, "items": items}
    return render(request, "visits/team_measures.html", context, status=400 if form.errors else 200)


@workspace_view(ORGANISE)
@require_http_methods(GET_POST)
def referral_services(request, service_id: int | None = None):
    """The team's local services to refer households to: list, add, change."""
    item = record_for_changing(request, ReferralService, service_id) if service_id else None
    form = ReferralServiceForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.SERVICE_FIELDS}
        services.referral_service_save(
            actor=request.user, workspace=request.workspace, service=item, **fields
        )
        messages.success(request, _("The service was saved."))
        return redirect("visits:services", request.workspace.pk)
    context = {"form": form, "item": item, "items": team_records(request, ReferralService)}
    return render(request, "visits/services.html", context, status=400 if form.errors else 200)
