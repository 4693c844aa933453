"""The mentoring part of `buurtkompas demo` (registered through `workspaces.demo`, after the
demo network): in "Voorbeeldnetwerk opbouwwerkers (demo)" the demo opbouwwerker offers to be a
master and the demo volunteer asked for one; the coordinator proposed them, both accepted, and
their trajectory runs for about six and a half months: an intake, five meetings, the midterm
check due. Everything is invented and says so; no e-mail is sent."""

from datetime import timedelta

from django.utils import timezone

from buurtkompas.audit.models import AuditEvent
from buurtkompas.mentoring import selectors, services
from buurtkompas.network.demo import NAME
from buurtkompas.network.models import Network
from buurtkompas.network.services import member_add
from buurtkompas.workspaces import demo
from buurtkompas.workspaces.models import Role

EXAMPLE = "(voorbeeld) "
STARTED_DAYS_AGO = 200
MEETINGS = (  # days after the start, minutes, topics, private notes
    (
        10,
        90,
        "Kennismaken; wat wil je dit jaar leren?",
        "Voelt zich nog onzeker bij bewonersavonden.",
    ),
    (45, 60, "Een bewonersavond voorbereiden", "Oefenen met het gesprek openen ging goed."),
    (90, 75, "Meelopen met de fixbrigade", ""),
    (140, 60, "Samenwerken met de woningcorporatie", "Spanning met de wijkmanager besproken."),
    (185, 45, "Terugblik op de energiecafés", ""),
)


def _gemeente(areas):
    codes = [area.gemeente_code for area in areas]
    found = selectors.gemeenten()
    return found.filter(code__in=codes).first() or found.first()


def create(*, team, users, residents, areas) -> None:
    network = Network.objects.filter(name=NAME).first()
    gemeente = _gemeente(areas)
    if network is None or gemeente is None or network.trajectories.exists():
        return
    coordinator, master, rookie = users[Role.COORDINATOR], users[Role.WORKER], users[Role.VOLUNTEER]
    member_add(actor=coordinator, network=network, user=rookie)
    offer = services.offer_save(
        actor=master, network=network, themes=["energy_saving", "fix_teams"], regions=[gemeente],
        capacity=2, years_experience=12, retired=False, max_travel_km=30,
        preferences=EXAMPLE + "Liefst iemand die net begint in een wijk met veel huurwoningen.",
    )  # fmt: skip
    wanted = services.request_save(
        actor=rookie, network=network, region=gemeente, themes=["energy_saving", "abcd"],
        learning_goals=EXAMPLE + "Bewonersavonden leiden en samenwerken met de corporatie.",
        availability=EXAMPLE + "Dinsdagmiddag, om de twee weken", master_preference="",
    )  # fmt: skip
    trajectory = services.trajectory_propose(
        actor=coordinator, offer=offer, request=wanted, notify=False
    )
    for person in (rookie, master):
        services.trajectory_answer(actor=person, trajectory=trajectory, accept=True)
    start = timezone.localdate() - timedelta(days=STARTED_DAYS_AGO)
    services.intake_save(
        actor=rookie, trajectory=trajectory, start_date=start,
        goals=EXAMPLE + "Zelf een bewonersavond leiden; de corporatie kennen en durven bellen.",
        agreements=EXAMPLE + "Om de zes weken een uur praten, afwisselend in elkaars wijk.",
    )  # fmt: skip
    for days, minutes, topics, notes in MEETINGS:
        services.meeting_save(
            actor=rookie, trajectory=trajectory, date=start + timedelta(days=days),
            duration_minutes=minutes, topics=EXAMPLE + topics,
            private_notes=EXAMPLE + notes if notes else "",
        )  # fmt: skip


def remove() -> dict:
    """The pair goes with the demo network (cascade); its audit trail belongs to no team, so
    it is deleted here (every mentoring event of the demo users)."""
    demo_users = [email for email, _name, _role in demo.USERS]
    trail = AuditEvent.objects.filter(
        workspace=None, action__startswith="mentoring.", actor__email__in=demo_users
    )
    return {"mentoring audit events": trail.delete()[0]}


def register_all() -> None:
    demo.register("mentoring", create, order=450)
    demo.register_remover(remove)
