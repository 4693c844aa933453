"""The verslag pages (HTTP glue only): reading it (members, or everyone when public), the
coordinators' editing with photos, and the photos streamed only to those who may read it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.core.views_common import GET_POST
from buurtkompas.network import event_selectors
from buurtkompas.network import report_services as services
from buurtkompas.network.access import network_view
from buurtkompas.network.models import EventReport, ReportPhoto


class ReportForm(forms.ModelForm):
    class Meta:
        model = EventReport
        fields = ["text", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12}), "visibility": forms.RadioSelect}


class PhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Photo (JPEG, PNG or WebP, at most 10 MB)"))
    caption = forms.CharField(
        label=gettext_lazy("Caption (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Everyone who can be recognised in this photo agreed to it being shown."
        ),
        required=False,
    )


def _readable(request, event_id) -> EventReport:
    """The report if this visitor may read it, else 404 (it does not reveal itself)."""
    report = (
        EventReport.objects.filter(event__network=request.network, event_id=event_id)
        .select_related("event")
        .first()
    )
    if report is None or not report.readable_by(request.network_member):
        raise Http404
    return report


@network_view(public=True)
@require_GET
def report(request, event_id):
    found = _readable(request, event_id)
    return render(request, "network/events/report.html", {"report": found, "event": found.event})


@network_view(public=True)
@require_GET
def report_photo(request, event_id, photo_id):
    found = _readable(request, event_id)
    photo = get_object_or_404(ReportPhoto, pk=photo_id, report=found)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = (
        "private, max-age=3600" if found.visibility == "public" else "no-store, private"
    )
    return response


@network_view(coordinator=True, host_team=True)
@require_http_methods(GET_POST)
def report_edit(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    current = EventReport.objects.filter(event=event).first()
    form = ReportForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The report was saved."))
            return redirect("network:report_edit", request.network.slug, event.pk)
    return _edit_page(request, event, current, form, PhotoForm())


def _edit_page(request, event, current, form, photo_form, status=200):
    context = {"event": event, "report": current, "form": form, "photo_form": photo_form}
    return render(request, "network/events/report_edit.html", context, status=status)


@network_view(coordinator=True, host_team=True)
@require_POST
def report_photo_add(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    current = EventReport.objects.filter(event=event).first()
    if current is None:
        messages.error(request, _("Write and save the report first."))
        return redirect("network:report_edit", request.network.slug, event.pk)
    photo_form = PhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        try:
            data = photo_form.cleaned_data
            services.photo_add(
                actor=request.user,
                report=current,
                upload=data["photo"],
                caption=data["caption"],
                consent=data["consent"],
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                photo_form.add_error(field if field in photo_form.fields else "photo", errors)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("network:report_edit", request.network.slug, event.pk)
    return _edit_page(request, event, current, ReportForm(instance=current), photo_form, 400)


@network_view(coordinator=True, host_team=True)
@require_POST
def report_photo_delete(request, event_id, photo_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    photo = get_object_or_404(ReportPhoto, pk=photo_id, report__event=event)
    services.photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("network:report_edit", request.network.slug, event.pk)


@network_view(coordinator=True, host_team=True)
@require_POST
def report_publish(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    current = EventReport.objects.filter(event=event).first()
    if current is None:
        messages.error(request, _("Write and save the report first."))
    else:
        publish = request.POST.get("publish") != "0"
        services.report_publish(actor=request.user, report=current, publish=publish)
        messages.success(
            request, _("The report is published.") if publish else _("The report is withdrawn.")
        )
    return redirect("network:report_edit", request.network.slug, event.pk)
