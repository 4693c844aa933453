"""Check-in at the door on a phone (HTTP glue only): search by name, tick, add a walk-in; the
counts; the attendance list as PDF. For the network's coordinators. Works without JavaScript;
with htmx a tick swaps only its row."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from buurtkompas.core.params import SEARCH_MAX
from buurtkompas.network import checkin_services as services
from buurtkompas.network import event_selectors
from buurtkompas.network.access import network_view
from buurtkompas.network.attendance_pdf import attendance_pdf
from buurtkompas.network.models import Registration

AT_THE_DOOR = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


class WalkInForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation (optional)"), max_length=150, required=False
    )


def _people(event, query: str = ""):
    people = (
        event.registrations.filter(status__in=AT_THE_DOOR)
        .select_related("user")
        .order_by("user__name", "guest_name", "id")
    )
    if query:
        people = people.filter(Q(user__name__icontains=query) | Q(guest_name__icontains=query))
    return people


def _door_url(request, event, query=""):
    url = reverse("network:door", args=[request.network.slug, event.pk])
    return f"{url}?q={query}" if query else url


@network_view(coordinator=True, host_team=True)
@require_GET
def door(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    context = {
        "event": event,
        "people": _people(event, query),
        "query": query,
        "counts": event_selectors.counts(event),
        "walk_in_form": WalkInForm(),
        "door_url": _door_url(request, event),  # a row's form posts to door_url + its id
    }
    return render(request, "network/events/door.html", context)


@network_view(coordinator=True, host_team=True)
@require_POST
def door_tick(request, event_id, registration_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user"), pk=registration_id, event=event
    )
    try:
        services.registration_check_in(
            actor=request.user,
            registration=registration,
            present=request.POST.get("present") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.headers.get("HX-Request"):  # the row, and the counts out of band
        context = {
            "r": registration,
            "event": event,
            "counts": event_selectors.counts(event),
            "door_url": _door_url(request, event),
        }
        return render(request, "network/events/_door_tick.html", context)
    return redirect(_door_url(request, event, request.POST.get("q", "")[:SEARCH_MAX]))


@network_view(coordinator=True, host_team=True)
@require_POST
def door_walk_in(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        services.walk_in_add(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("%(name)s is added and checked in.") % form.cleaned_data)
        return redirect(_door_url(request, event))
    context = {
        "event": event,
        "people": _people(event),
        "query": "",
        "counts": event_selectors.counts(event),
        "walk_in_form": form,
        "door_url": _door_url(request, event),
    }
    return render(request, "network/events/door.html", context, status=400)


@network_view(coordinator=True, host_team=True)
@require_GET
def attendance(request, event_id):
    event = event_selectors.event_for(request.network, request.network_member, event_id)
    pdf = attendance_pdf(event, _people(event))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="presentielijst-{event.pk}.pdf"'
    return response
