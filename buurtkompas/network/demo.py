"""The demonstration network of `buurtkompas demo` (registered in `NetworkConfig.ready()`
through `workspaces.demo`): "Voorbeeldnetwerk (demo)", marked `is_demo`, with the demo team's
coordinator as network coordinator, two members with example profiles, one past werkbezoek
hosted by the demo team (with its programme, attendance, feedback and a public report, without
photos) and one coming up, open
to guests. Everything is invented and says so; no e-mail is sent."""

from datetime import timedelta

from django.utils import timezone

from buurtkompas.audit.models import AuditEvent
from buurtkompas.network import event_services, member_services, report_services
from buurtkompas.network.models import (
    Event,
    FeedbackResponse,
    Network,
    NetworkMember,
    Registration,
)
from buurtkompas.network.services import member_add, network_create
from buurtkompas.workspaces import demo
from buurtkompas.workspaces.models import Role

NAME = "Voorbeeldnetwerk opbouwwerkers (demo)"
EXAMPLE = "(voorbeeld) "


def _event(network, coordinator, team, area, *, days: int, title: str, public: bool) -> Event:
    start = timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event = event_services.event_save(
        actor=coordinator,
        network=network,
        kind=Event.Kind.WORK_VISIT,
        title=title,
        description=EXAMPLE + "Het gastteam laat zien hoe bewoners zelf energie besparen: "
        "een rondje langs de fixbrigade, het energiecafé en de geveltuinen, daarna uitwisseling "
        "en feedback.",
        host_workspace=team,
        place_name=EXAMPLE + "Buurthuis De Ontmoeting",
        address="Voorbeeldstraat 1 (verzonnen)",
        region=area,
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        capacity=25,
        open_to_guests=public,
        ask_dietary=True,
    )
    event_services.event_publish(actor=coordinator, event=event)
    for hour, title in ((1, "Wandeling langs de fixbrigade"), (2, "Energiecafé bezoeken")):
        for room, suffix in (("Zaal 1", ""), ("Zaal 2", " (parallel)")):
            event_services.programme_item_save(
                actor=coordinator, event=event, title=title + suffix, room=room, capacity=15,
                starts_at=start + timedelta(hours=hour), ends_at=start + timedelta(hours=hour + 1),
            )  # fmt: skip
    return event


def create(*, team, users, residents, areas) -> None:
    coordinator = users[Role.COORDINATOR]
    network = Network.objects.filter(name=NAME).first()
    if network is not None:
        return
    network = network_create(
        actor=coordinator,
        name=NAME,
        coordinator=coordinator,
        description=EXAMPLE + "Een netwerk van opbouwwerkers dat elkaars wijken bezoekt.",
        is_demo=True,
    )
    profiles = {
        Role.COORDINATOR: ("opbouwwerker", ["energy_poverty", "abcd"], ["profession", "themes"]),
        Role.WORKER: ("energiecoach", ["energy_saving", "fix_teams"], ["profession"]),
    }
    for role, (profession, themes, public) in profiles.items():
        member = network.members.filter(user=users[role]).first() or member_add(
            actor=coordinator, network=network, user=users[role]
        )
        member_services.profile_save(
            actor=users[role], member=member, profession=profession, themes=themes,
            organisation=EXAMPLE + "Welzijn Zuid", regions=[areas[0]], public_fields=public,
            open_to=EXAMPLE + "energiecafés en fixbrigades",
        )  # fmt: skip
    past = _event(network, coordinator, team, areas[0], days=-30,
                  title=EXAMPLE + "Werkbezoek bij het Voorbeeldteam", public=False)  # fmt: skip
    for n, role in enumerate((Role.COORDINATOR, Role.WORKER)):
        registration = Registration.objects.create(
            event=past, user=users[role], status="confirmed",
            confirmed_at=past.starts_at - timedelta(days=10), checked_in_at=past.starts_at,
        )  # fmt: skip
        item = past.programme.order_by("starts_at", "title")[n]
        registration.items.add(item)
        FeedbackResponse.objects.create(
            registration=registration, item=item, score=4 + n % 2, anonymous=n == 1,
            answers={},
        )  # fmt: skip
    report = report_services.report_save(
        actor=coordinator,
        event=past,
        text=EXAMPLE + "Twaalf collega's liepen mee met de fixbrigade en bezochten het "
        "energiecafé. Wat ze meenemen: bewoners die zelf de deur openen bij de buren. Tip voor "
        "het gastteam: nodig de corporatie uit bij het volgende energiecafé.",
        visibility="public",
    )
    report_services.report_publish(actor=coordinator, report=report)
    _event(network, coordinator, team, areas[-1], days=40,
           title=EXAMPLE + "Werkbezoek: groen en energie in de wijk", public=True)  # fmt: skip


def remove() -> dict:
    """The demo networks with everything in them, and their audit trail (which belongs to no
    team, so it does not go with the demo team)."""
    networks = Network.objects.filter(is_demo=True)
    coordinators = NetworkMember.objects.filter(network__in=networks).values("user")
    AuditEvent.objects.filter(
        workspace=None, action__startswith="network.", actor__in=coordinators
    ).delete()
    return {"networks": networks.delete()[1].get("network.Network", 0)}


def register_all() -> None:
    demo.register("network", create, order=400)
    demo.register_remover(remove)
