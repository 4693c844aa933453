"""`buurtkompas demo`: a demonstration team with invented data, to try Buurtkompas out.

The team "Voorbeeldteam (demo)" is marked `is_demo` (a banner on all its pages; never on the
atlas) and covers real wijken from the loaded data (default: three wijken of Rotterdam-Zuid).
Everything in it is made up: the residents ("Bewoner A"), the parties, activities, agreements and
notes. Running it again changes nothing; `--reset` removes the team, its users and organisation.

Every module has its own small `demo_<module>` function that writes through the module's
services, so the demo keeps to the same rules (consent, audit log) as the pages.
"""

import base64
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from buurtkompas.accounts.models import Organisation, OrganisationKind, User
from buurtkompas.regions.models import Level, Region
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.selectors import buurt_choices
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.workspaces.models import Membership, Role, Workspace
from buurtkompas.workspaces.services import workspace_create

TEAM_NAME = "Voorbeeldteam (demo)"
DESCRIPTION = (
    "Dit is een voorbeeldteam om Buurtkompas te leren kennen. Alle gegevens in dit team zijn "
    "verzonnen: de bewoners, partijen, activiteiten, afspraken en notities bestaan niet. Alleen "
    "de cijfers over de wijken komen uit de atlas (CBS)."
)
ORGANISATION = "Voorbeeldorganisatie (demo)"
DEFAULT_AREAS = ("WK059915", "WK059910", "WK059912")  # Charlois, Feijenoord, IJsselmonde
USERS = (  # e-mail, name, role; .local addresses cannot receive mail
    ("demo@buurtkompas.local", "Demo Coördinator", Role.COORDINATOR),
    ("demo-opbouwwerker@buurtkompas.local", "Demo Opbouwwerker", Role.WORKER),
    ("demo-vrijwilliger@buurtkompas.local", "Demo Vrijwilliger", Role.VOLUNTEER),
    ("demo-partner@buurtkompas.local", "Demo Partner (gemeente)", Role.PARTNER),
)
RESIDENTS = ("Bewoner A", "Bewoner B", "Bewoner C", "Bewoner D", "Bewoner E", "Bewoner F")


def demo_password() -> str:
    """The same password on every run of one installation, not guessable without its key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"buurtkompas demo users", "sha256").digest()
    return "demo-" + base64.b32encode(digest[:10]).decode().lower()


def demo_areas(codes) -> list[Region]:
    """The wijken and buurten of these codes in the newest indeling that has each of them."""
    found = {}
    for region in Region.objects.filter(code__in=codes, level__in=[Level.WIJK, Level.BUURT]):
        if region.code not in found or region.year > found[region.code].year:
            found[region.code] = region
    if not found:
        raise CommandError(
            f"The loaded data has no wijk or buurt with the code {', '.join(codes)}. "
            "Import the data first (buurtkompas import all) or name other areas with "
            "--areas WK…,BU…."
        )
    return sorted(found.values(), key=lambda r: r.name)


def demo_users(password: str) -> dict[str, User]:
    users = {}
    for email, name, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, name=name)
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        users[role] = user
    return users


def day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def demo_team(users: dict, areas: list[Region]) -> Workspace:
    organisation, _ = Organisation.objects.get_or_create(
        name=ORGANISATION,
        defaults={"kind": OrganisationKind.WELFARE, "gemeente_code": areas[0].gemeente_code},
    )
    team = workspace_create(
        actor=users[Role.COORDINATOR],
        name=TEAM_NAME,
        lead_organisation=organisation,
        description=DESCRIPTION,
        regions=areas,
    )
    team.is_demo = True
    team.save(update_fields=["is_demo"])
    for role, user in users.items():
        Membership.objects.get_or_create(workspace=team, user=user, defaults={"role": role})
    return team


def demo_residents(actor, team) -> list:
    buurten = list(buurt_choices(team)[:3])
    residents = []
    for i, name in enumerate(RESIDENTS):
        contact = contact_create(
            actor=actor,
            workspace=team,
            name=name,
            reach="via het buurthuis (verzonnen)",
            buurt=buurten[i % len(buurten)] if buurten else None,
            notes="Verzonnen voorbeeldbewoner.",
        )
        purposes = [Purpose.CONTACT] + ([Purpose.VOLUNTEER] if i < 3 else [])
        purposes += [Purpose.VISIT] if i % 2 else []
        for purpose in purposes:
            consent_record(
                actor=actor,
                contact=contact,
                purpose=purpose,
                given_on=day(-60 + i),
                method="spoken",
            )
        residents.append(contact)
    return residents


def demo_agenda(actor, team) -> list:
    from buurtkompas.buurtwerk.services.agenda import agenda_item_create, agenda_item_set_status

    items = [
        ("Schimmel in de portiekflats", "doorstep", 14, -40, "picked_up"),
        ("Meer groen op het plein", "meeting", 9, -30, "picked_up"),
        ("Hoge energierekening, hulp bij lezen", "doorstep", 11, -21, "discussed"),
        ("Tochtige voordeuren", "survey", 6, -12, "heard"),
        ("Een plek om spullen te repareren", "social", 4, -6, "heard"),
        ("Zonnepanelen op de school", "meeting", 3, -50, "not_feasible"),
    ]
    made = []
    for title, channel, supporters, days, status in items:
        item = agenda_item_create(
            actor=actor,
            workspace=team,
            title=title,
            channel=channel,
            raised_on=day(days),
            supporters=supporters,
            description="Verzonnen voorbeeld.",
        )
        if status != "heard":
            reason = "Het dak kan het gewicht niet dragen (verzonnen)."
            agenda_item_set_status(
                actor=actor, item=item, status=status, reason=reason if status != "done" else ""
            )
        made.append(item)
    return made


def demo_stakeholders(actor, team, owner) -> list:
    from buurtkompas.buurtwerk.services.stakeholders import agreement_create, stakeholder_create

    parties = [
        ("Woningcorporatie Voorbeeldwonen (demo)", "corporatie", 5, 4, 0),
        ("Gemeente, gebiedsteam Zuid (demo)", "gemeente", 5, 3, 1),
        ("Energiecoöperatie Zuidkracht (demo)", "cooperatie", 2, 5, 2),
        ("Basisschool De Voorbeeldboom (demo)", "school", 2, 3, 1),
    ]
    made = [
        stakeholder_create(
            actor=actor,
            workspace=team,
            name=name,
            kind=kind,
            influence=power,
            interest=interest,
            attitude=attitude,
            contact_person="(verzonnen contactpersoon)",
        )
        for name, kind, power, interest, attitude in parties
    ]
    agreements = [
        (made[0], "Schimmelinspectie in de portiekflats plannen", -10, "open"),  # overdue
        (made[1], "Subsidieaanvraag groene daken bespreken", 14, "open"),
        (made[2], "Energiecoaches leveren voor het energiecafé", None, "open"),
        (made[3], "Ouderavond over energie besparen", -30, "done"),
    ]
    for party, what, days, status in agreements:
        due_on = day(days) if days is not None else None
        agreement_create(
            actor=actor, stakeholder=party, what=what, owner=owner, due_on=due_on, status=status
        )
    return made


def demo_initiatives(actor, team, agenda, parties, residents) -> list:
    from buurtkompas.buurtwerk.services.initiatives import (
        initiative_create,
        milestone_create,
        milestone_update,
    )

    green = initiative_create(
        actor=actor,
        workspace=team,
        title="Groene daken en geveltuinen (demo)",
        chain_stage="greening",
        goal="Tien geveltuinen en een groen dak op het buurthuis.",
        status="active",
        leads=residents[:2],
        partners=parties[1:3],
        agenda_items=agenda[1:2],
    )
    dry = initiative_create(
        actor=actor,
        workspace=team,
        title="Droge woningen (demo)",
        chain_stage="saving",
        goal="Samen met de corporatie de schimmel aanpakken.",
        status="active",
        leads=residents[2:3],
        partners=parties[:1],
        agenda_items=agenda[:1],
    )
    milestone_create(
        actor=actor, initiative=green, title="Draagvlak peilen", due_on=day(-20), progress_pct=100
    )
    subsidy = milestone_create(
        actor=actor, initiative=green, title="Subsidie aanvragen", due_on=day(12)
    )
    for pct, note in ((30, "Formulier opgevraagd."), (60, "Begroting is klaar.")):
        milestone_update(
            actor=actor,
            milestone=subsidy,
            title=subsidy.title,
            due_on=subsidy.due_on,
            progress_pct=pct,
            note=note,
        )
    done = milestone_create(
        actor=actor, initiative=dry, title="Meldingen verzamelen", due_on=day(-5)
    )
    milestone_update(
        actor=actor,
        milestone=done,
        title="Meldingen verzamelen",
        due_on=done.due_on,
        progress_pct=100,
        note="Twee complexen in beeld.",
    )
    milestone_create(actor=actor, initiative=dry, title="Inspectie met corporatie", due_on=day(25))
    return [green, dry]


def demo_activities(actor, team, initiatives, organisers) -> None:
    from buurtkompas.buurtwerk.services.activities import activity_create, activity_update

    cafe = activity_create(
        actor=actor,
        workspace=team,
        organisers=organisers,
        recurrence="monthly",
        count=6,
        kind="energy_cafe",
        title="Energiecafé in het buurthuis (demo)",
        held_on=day(-95),
        place="Buurthuis (verzonnen)",
    )
    for i, occurrence in enumerate(cafe.repeats.filter(held_on__lt=day(0)).order_by("held_on")):
        activity_update(
            actor=actor,
            activity=occurrence,
            organisers=organisers,
            participants=11 + 3 * i,
            households_reached=8 + 2 * i,
        )
    once = [
        ("fix_round", "Fixteam-ronde Voorbeeldflat A", -12, 9, 14, initiatives[1]),
        ("meeting", "Buurtbijeenkomst groene daken", -5, 23, 17, initiatives[0]),
        ("doorstep", "Deur-aan-deur energiecheck", -2, 6, 31, None),
        ("workshop", "Workshop: je energierekening lezen", 9, None, None, None),
        ("repair_cafe", "Repair café", 20, None, None, None),
    ]
    for kind, title, days, people, households, initiative in once:
        activity_create(
            actor=actor,
            workspace=team,
            organisers=organisers,
            kind=kind,
            title=f"{title} (demo)",
            held_on=day(days),
            place="Wijk (verzonnen)",
            participants=people,
            households_reached=households,
            initiative=initiative,
        )


def demo_assets(actor, team, residents, areas) -> None:
    from buurtkompas.buurtwerk.services.assets import asset_connect, asset_create

    west, south, east, north = areas[0].bbox or (4.47, 51.87, 4.50, 51.89)
    middle = {"latitude": (south + north) / 2, "longitude": (west + east) / 2}
    assets = [
        asset_create(
            actor=actor,
            workspace=team,
            kind="talent",
            title="Kan goed klussen",
            contact=residents[0],
            skills="klussen, tochtstrips",
        ),
        asset_create(
            actor=actor, workspace=team, kind="association", title="Buurtvereniging (demo)"
        ),
        asset_create(actor=actor, workspace=team, kind="institution", title="Bibliotheek (demo)"),
        asset_create(
            actor=actor, workspace=team, kind="place", title="Buurthuis (verzonnen)", **middle
        ),
        asset_create(
            actor=actor,
            workspace=team,
            kind="connection",
            title="Moskee en kerk organiseren samen een maaltijd (demo)",
        ),
    ]
    asset_connect(actor=actor, asset=assets[0], other=assets[3])
    asset_connect(actor=actor, asset=assets[1], other=assets[3])


def demo_leadership(actor, team, residents, initiatives) -> None:
    from buurtkompas.buurtwerk.services.leadership import leadership_step_record

    steps = [(0, 1, -80), (0, 3, -30), (0, 5, -4), (1, 1, -60), (1, 2, -9), (2, 1, -15), (3, 1, -3)]
    for who, rung, days in steps:
        leadership_step_record(
            actor=actor,
            workspace=team,
            contact=residents[who],
            rung=rung,
            taken_on=day(days),
            initiative=initiatives[0] if rung >= 4 else None,
            note="Verzonnen voorbeeld.",
        )


def demo_signals(actor, team) -> None:
    from buurtkompas.buurtwerk.services.signals import signal_create

    signals = [
        ("Voorbeeldflat A (verzonnen)", "mould", 6, -35, "conversation"),
        ("Voorbeeldflat A (verzonnen)", "draught", 4, -20, "visit"),
        ("Voorbeeldflat A (verzonnen)", "high_bills", 9, -12, "meeting"),
        ("Voorbeeldhof B (verzonnen)", "single_glazing", 12, -25, "conversation"),
        ("Voorbeeldhof B (verzonnen)", "mould", 3, -6, "visit"),
    ]
    for complex_name, problem, households, days, source in signals:
        signal_create(
            actor=actor,
            workspace=team,
            complex=complex_name,
            problem=problem,
            households=households,
            noted_on=day(days),
            source=source,
        )


def demo_outreach(actor, team) -> None:
    from buurtkompas.buurtwerk.services.outreach import campaign_create, campaign_tally_add

    campaign = campaign_create(
        actor=actor, workspace=team, name="Deur-aan-deur energiecheck (demo)", started_on=day(-45)
    )
    for days, doors in ((-40, 60), (-26, 80), (-12, 75), (-2, 50)):
        campaign_tally_add(
            actor=actor,
            campaign=campaign,
            counted_on=day(days),
            doors_knocked=doors,
            conversations=doors // 2,
            contacts_made=doors // 4,
            follow_up_agreed=doors // 8,
            follow_up_done=doors // 12,
        )


def demo_logbook(actor, team, initiatives, parties, agenda) -> None:
    from buurtkompas.buurtwerk.services.logbook import log_entry_create

    entries = [
        (-33, "Kennismaking met de corporatie", [], parties[:1], agenda[:1]),
        (-19, "Bewonersavond over groen", initiatives[:1], [], agenda[1:2]),
        (-11, "Energiecoaches ingewerkt", [], parties[2:3], []),
        (-4, "Terugblik fixteam-ronde", initiatives[1:], [], []),
        (-1, "Belafspraak met de school", [], parties[3:], []),
    ]
    for days, title, tagged_initiatives, tagged_parties, tagged_items in entries:
        log_entry_create(
            actor=actor,
            workspace=team,
            written_on=day(days),
            title=f"{title} (demo)",
            text="Verzonnen aantekening voor het voorbeeldteam.",
            initiatives=tagged_initiatives,
            stakeholders=tagged_parties,
            agenda_items=tagged_items,
        )


@transaction.atomic
def demo_create(users: dict, areas: list[Region]) -> Workspace:
    coordinator, worker = users[Role.COORDINATOR], users[Role.WORKER]
    team = demo_team(users, areas)
    residents = demo_residents(worker, team)
    agenda = demo_agenda(worker, team)
    parties = demo_stakeholders(coordinator, team, worker)
    initiatives = demo_initiatives(worker, team, agenda, parties, residents)
    demo_activities(worker, team, initiatives, [worker, users[Role.VOLUNTEER]])
    demo_assets(worker, team, residents, areas)
    demo_leadership(worker, team, residents, initiatives)
    demo_signals(worker, team)
    demo_outreach(users[Role.VOLUNTEER], team)
    demo_logbook(worker, team, initiatives, parties, agenda)
    return team


@transaction.atomic
def demo_remove() -> dict[str, int]:
    """Everything the demo made: its teams (with all their rows), users and organisation."""
    teams = Workspace.objects.filter(is_demo=True)
    removed = {"teams": teams.count()}
    teams.delete()  # cascades to memberships, residents, module rows and the team's audit log
    removed["users"] = User.objects.filter(email__in=[u[0] for u in USERS]).delete()[0]
    organisation = Organisation.objects.filter(name=ORGANISATION, lead_workspaces=None)
    removed["organisations"] = organisation.delete()[0]
    return removed


class Command(BaseCommand):
    help = "Create (or with --reset remove) a demonstration team with invented example data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas",
            default=",".join(DEFAULT_AREAS),
            help="comma-separated wijk or buurt codes (default: three wijken of Rotterdam-Zuid)",
        )
        parser.add_argument("--reset", action="store_true", help="remove the demo again")
        parser.add_argument("--password", help="password of the demo users (default: derived)")

    def handle(self, *args, areas: str, reset: bool, password: str | None, **options):
        if reset:
            removed = demo_remove()
            self.stdout.write(
                "Demo removed: {teams} team(s), {users} user(s), {organisations} "
                "organisation(s).".format(**removed)
            )
            return
        regions = demo_areas([c.strip().upper() for c in areas.split(",") if c.strip()])
        password = password or demo_password()
        users = demo_users(password)
        team = Workspace.objects.filter(is_demo=True).first()
        if team is not None:
            self.stdout.write(f"The demo team “{team.name}” already exists; nothing was added.")
        else:
            team = demo_create(users, regions)
            names = ", ".join(f"{r.name} ({r.code}, {r.year})" for r in regions)
            self.stdout.write(f"Demo team “{team.name}” created with invented data in {names}.")
        self.print_login(team, password)

    def print_login(self, team: Workspace, password: str) -> None:
        self.stdout.write(f"Log in at {reverse('accounts:login')} with one of:")
        for email, _name, role in USERS:
            self.stdout.write(f"  {email:40} ({Role(role).value})")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(
            f"The team: {reverse('workspaces:detail', args=[team.pk])} · "
            "remove it with: buurtkompas demo --reset"
        )
