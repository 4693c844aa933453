"""Pages of network events (HTTP glue only): the list, an event with its programme, the
coordinators' forms, registration for members and guests, the personal link, iCalendar."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.core.client import client_ip
from buurtkompas.core.views_common import GET_POST
from buurtkompas.network import event_selectors as selectors
from buurtkompas.network import event_services as services
from buurtkompas.network import ical
from buurtkompas.network.access import may_host, network_view
from buurtkompas.network.event_forms import (
    CancelEventForm,
    EventForm,
    GuestForm,
    ProgrammeItemForm,
    RegisterForm,
)
from buurtkompas.network.models import EventReport, ProgrammeItem

RATE_WINDOW_S = 600


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _event(request, event_id):
    return selectors.event_for(request.network, request.network_member, event_id)


@network_view(public=True)
@require_GET
def event_list(request):
    upcoming, past = selectors.upcoming_and_past(request.network, request.network_member)
    return render(request, "network/events/list.html", {"upcoming": upcoming, "past": past})


@network_view(public=True)
@require_GET
def event_detail(request, event_id):
    event = _event(request, event_id)
    member = request.network_member
    mine = selectors.live_registration(event, request.user) if member else None
    context = {
        "event": event,
        "programme": selectors.programme(event),
        "counts": selectors.counts(event),
        "mine": mine,
        "open": event.registration_open(timezone.now()),
        "form": RegisterForm(event=event) if member and not mine else None,
        "answers_keep_days": settings.NETWORK_ANSWERS_KEEP_DAYS,
        "over": event.ends_at < timezone.now(),
        "report": _readable_report(event, member),
        "may_host": may_host(request, event),
    }
    return render(request, "network/events/event.html", context)


def _readable_report(event, member):
    found = EventReport.objects.filter(event=event).first()
    return found if found and found.readable_by(member) else None


@network_view(coordinator=True)
def event_new(request):
    return _event_form(request, None)


@network_view(coordinator=True)
def event_edit(request, event_id):
    return _event_form(request, _event(request, event_id))


def _event_form(request, event):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                actor=request.user, network=request.network, event=event, **form.service_fields()
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(saved.get_absolute_url())
    title = _("New event") if event is None else _("Change the event")
    return render(
        request, "network/events/form.html", {"form": form, "title": title, "event": event}
    )


@network_view(coordinator=True)
@require_POST
def event_publish(request, event_id):
    event = _event(request, event_id)
    try:
        services.event_publish(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect(event.get_absolute_url())


@network_view(coordinator=True)
def event_cancel(request, event_id):
    event = _event(request, event_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The event is cancelled; everyone registered was told."))
            return redirect(event.get_absolute_url())
    context = {"form": form, "title": _("Cancel the event"), "event": event}
    return render(request, "network/events/form.html", context)


@network_view(coordinator=True)
def item_new(request, event_id):
    return _item_form(request, _event(request, event_id), None)


@network_view(coordinator=True)
def item_edit(request, event_id, item_id):
    event = _event(request, event_id)
    return _item_form(request, event, get_object_or_404(ProgrammeItem, pk=item_id, event=event))


def _item_form(request, event, item):
    form = ProgrammeItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_item_save(
                actor=request.user, event=event, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The programme item was saved."))
            return redirect(event.get_absolute_url())
    title = _("New programme item") if item is None else _("Change the programme item")
    return render(
        request, "network/events/form.html", {"form": form, "title": title, "event": event}
    )


@network_view(coordinator=True)
@require_POST
def item_delete(request, event_id, item_id):
    event = _event(request, event_id)
    item = get_object_or_404(ProgrammeItem, pk=item_id, event=event)
    services.programme_item_delete(actor=request.user, item=item)
    messages.success(request, _("The programme item was removed."))
    return redirect(event.get_absolute_url())


@network_view()
@require_POST
def register(request, event_id):
    """A member's one click (with the programme choice and the optional questions)."""
    event = _event(request, event_id)
    form = RegisterForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.registration_member(
                actor=request.user,
                event=event,
                language=translation.get_language() or "nl",
                **form.service_fields(),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if registration.status == "waitlisted":
                messages.info(request, _("The event is full: you are on the waitlist."))
            else:
                messages.success(request, _("You are registered."))
            return redirect(event.get_absolute_url())
    context = {
        "event": event,
        "programme": selectors.programme(event),
        "counts": selectors.counts(event),
        "mine": None,
        "open": event.registration_open(timezone.now()),
        "form": form,
        "answers_keep_days": settings.NETWORK_ANSWERS_KEEP_DAYS,
    }
    return render(request, "network/events/event.html", context, status=400)


@network_view()
@require_POST
def unregister(request, event_id):
    event = _event(request, event_id)
    mine = selectors.live_registration(event, request.user)
    if mine is None:
        messages.error(request, _("You are not registered for this event."))
    else:
        try:
            services.registration_cancel(registration=mine, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url())


def _rate_limited(request) -> bool:
    """Count this guest registration attempt of the address; True when it is one too many."""
    key = f"network:guest-rate:{client_ip(request) or ''}"
    cache.add(key, 0, RATE_WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_S)
        count = 1
    return count > settings.NETWORK_GUEST_RATE_PER_10_MIN


@network_view(public=True)
def guest_register(request, event_id):
    event = _event(request, event_id)
    if not event.is_public:
        raise Http404
    form = GuestForm(request.POST or None, event=event)
    if request.method == "POST":
        if _rate_limited(request):
            context = {"event": event}
            return render(request, "network/events/too_many.html", context, status=429)
        if form.is_valid() and form.cleaned_data["website"]:
            return redirect("network:guest_sent", request.network.slug, event.pk)  # a robot
        if form.is_valid():
            try:
                services.registration_guest(
                    event=event,
                    language=translation.get_language() or "nl",
                    **form.service_fields(),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect("network:guest_sent", request.network.slug, event.pk)
    context = {
        "event": event,
        "form": form,
        "open": event.registration_open(timezone.now()),
        "answers_keep_days": settings.NETWORK_ANSWERS_KEEP_DAYS,
    }
    return render(request, "network/events/guest.html", context, status=400 if form.errors else 200)


@network_view(public=True)
@require_GET
def guest_sent(request, event_id):
    event = _event(request, event_id)
    return render(request, "network/events/guest_sent.html", {"event": event})


@network_view(coordinator=True)
@require_GET
def event_registrations(request, event_id):
    event = _event(request, event_id)
    context = {
        "event": event,
        "registrations": selectors.registrations(event),
        "counts": selectors.counts(event),
    }
    return render(request, "network/events/registrations.html", context)


def _ics(events, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        ical.calendar(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@network_view(public=True)
@require_GET
def event_ics(request, event_id):
    event = _event(request, event_id)
    return _ics([event], event.title, f"event-{event.pk}.ics")


@network_view(public=True)
@require_GET
def network_feed(request):
    """The network's subscribable calendar: its public events (a calendar app does not log
    in), past months included so a subscription keeps its history."""
    events = selectors.visible_events(request.network, None).order_by("starts_at")
    return _ics(events, request.network.name, f"{request.network.slug}.ics")


@require_http_methods(GET_POST)
def registration_page(request, token):
    """The personal link from the e-mails: see the registration; confirm (guests) or cancel.
    Changes need a POST (a mail scanner that opens the link changes nothing)."""
    registration = services.registration_by_token(token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                registration = services.registration_confirm(token=token)
                messages.success(
                    request,
                    _("Your registration is confirmed.")
                    if registration.status == "confirmed"
                    else _("The event filled up meanwhile: you are on the waitlist."),
                )
            elif action == "cancel":
                registration = services.registration_cancel(registration=registration)
                messages.success(request, _("Your registration is cancelled."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("network:registration", token)
    registration.refresh_from_db()
    context = {
        "registration": registration,
        "event": registration.event,
        "expired": registration.status == "unconfirmed"
        and timezone.now() > services.confirm_deadline(registration),
        "over": registration.event.ends_at < timezone.now(),
        "token": token,
    }
    response = render(request, "network/events/registration.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


registration_page.network_personal_link = True  # the token is the key: no log-in
