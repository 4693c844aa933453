"""The housing signals dossier (signalendossier): the overview per complex, one complex's
timeline with its PDF and CSV evidence summary, and the form to record, change or delete a
signal. A signal counts households and never says who reported it, so every member, partners
included, may read and export the dossier; the free-text notes are shown only to members who
may see personal data, in case someone wrote a name despite the warning.

The complex is free text, so it travels in the query string (`?complex=…`), URL-encoded, never
as a path segment or slug (two spellings that slug alike would share a dossier)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buurtkompas.buurtwerk.exports.signals import dossier_csv, dossier_pdf
from buurtkompas.buurtwerk.forms.signals import DATALIST_ID, SignalFilterForm, SignalForm
from buurtkompas.buurtwerk.models import HousingSignal
from buurtkompas.buurtwerk.selectors import signals as selectors
from buurtkompas.buurtwerk.services import signals as services
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.workspaces.access import may_change, record_for_changing, workspace_view
from buurtkompas.workspaces.models import ALL, WORK

COMPLEX_MAX = 200


def complex_url(workspace_id: int, name: str, view: str = "buurtwerk:signal_complex") -> str:
    return f"{reverse(view, args=[workspace_id])}?{urlencode({'complex': name})}"


@workspace_view(ALL)
@require_GET
def signal_overview(request):
    form = SignalFilterForm(request.GET or None, workspace=request.workspace)
    filters = form.filters()
    totals = selectors.complex_totals(request.workspace, **filters)
    page = paginate(request, totals)
    rows = list(page.object_list)
    names = [row["complex"] for row in rows]
    problems = selectors.problems_per_complex(request.workspace, names, **filters)
    for row in rows:
        row["problems"] = problems.get(row["complex"], [])
        row["url"] = complex_url(request.workspace.pk, row["complex"])
    context = {"form": form, "page": page, "rows": rows, "can_write": request.membership.may_write}
    return render(request, "buurtwerk/signals/overview.html", context)


def requested_dossier(request) -> selectors.Dossier | None:
    """The dossier named by `?complex=`; None without one, 404 for a complex the team has no
    signals for (another team's complexes included)."""
    name = request.GET.get("complex", "")
    if not name.strip():
        return None
    found = selectors.dossier(request.workspace, name) if len(name) <= COMPLEX_MAX else None
    if found is None:
        raise Http404
    return found


@workspace_view(ALL)
@require_GET
def signal_complex(request):
    dossier = requested_dossier(request)
    if dossier is None:
        return redirect("buurtwerk:signals", request.workspace.pk)
    signals = selectors.complex_signals(request.workspace, dossier.complex)
    page = paginate(request, signals)
    for signal in page:
        signal.may_change = may_change(request.membership, signal)
    urls = {
        view: complex_url(request.workspace.pk, dossier.complex, f"buurtwerk:{view}")
        for view in ("signals_pdf", "signals_csv", "signal_create")
    }
    context = {
        "dossier": dossier,
        "page": page,
        "urls": urls,
        "can_write": request.membership.may_write,
        "show_notes": request.membership.can_see_personal_data,
    }
    return render(request, "buurtwerk/signals/complex.html", context)


def download(request, content, *, extension: str, content_type: str, signals: int):
    services.signal_dossier_export(
        actor=request.user, workspace=request.workspace, signals=signals, file_format=extension
    )
    name = slugify(request.GET["complex"]) or "complex"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="signalen-{name}.{extension}"'
    return response


@workspace_view(ALL)
@require_GET
def signals_pdf(request):
    dossier = requested_dossier(request)
    if dossier is None:
        return redirect("buurtwerk:signals", request.workspace.pk)
    content = dossier_pdf(dossier, request.workspace)
    return download(
        request, content, extension="pdf", content_type="application/pdf", signals=dossier.signals
    )


@workspace_view(ALL)
@require_GET
def signals_csv(request):
    dossier = requested_dossier(request)
    if dossier is None:
        return redirect("buurtwerk:signals", request.workspace.pk)
    content = dossier_csv(dossier, request.workspace)
    kind = "text/csv; charset=utf-8"
    return download(request, content, extension="csv", content_type=kind, signals=dossier.signals)


def render_form(request, form, signal=None):
    context = {
        "form": form,
        "signal": signal,
        "complexes": selectors.complex_names(request.workspace),
        "datalist_id": DATALIST_ID,
    }
    return render(request, "buurtwerk/signals/form.html", context)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def signal_create(request):
    data = request.POST if request.method == "POST" else None
    initial = {"complex": request.GET.get("complex", "")[:COMPLEX_MAX]}
    form = SignalForm(data, workspace=request.workspace, initial=initial)
    if form.is_valid():
        signal = services.signal_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The signal was recorded."))
        return redirect(complex_url(request.workspace.pk, signal.complex))
    return render_form(request, form)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def signal_edit(request, signal_id: int):
    signal = record_for_changing(request, HousingSignal, signal_id)
    if request.method == "GET":
        return render_form(
            request, SignalForm(instance=signal, workspace=request.workspace), signal
        )
    # Not bound to the instance: validating would change it before the service compares.
    form = SignalForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        services.signal_update(actor=request.user, signal=signal, **form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect(complex_url(request.workspace.pk, signal.complex))
    return render_form(request, form, signal)


@workspace_view(WORK)
@require_http_methods(GET_POST)
def signal_delete(request, signal_id: int):
    signal = record_for_changing(request, HousingSignal.objects.select_related("buurt"), signal_id)
    back = complex_url(request.workspace.pk, signal.complex)
    if request.method == "GET":
        return render(request, "buurtwerk/signals/delete.html", {"signal": signal, "back": back})
    services.signal_delete(actor=request.user, signal=signal)
    messages.success(request, _("The signal was deleted."))
    if selectors.complex_signals(request.workspace, signal.complex).exists():
        return redirect(back)
    return redirect("buurtwerk:signals", request.workspace.pk)
