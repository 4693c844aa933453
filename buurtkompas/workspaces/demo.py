"""The demonstration team of `buurtkompas demo`, and the registry its modules join.

The team "Voorbeeldteam (demo)" is marked `is_demo` (a banner on all its pages; never on the
atlas) and covers real wijken from the loaded data (default: three wijken of Rotterdam-Zuid).
Everything in it is made up: the residents ("Bewoner A"), the parties, activities, agreements and
notes. Running it again changes nothing; `--reset` removes the team, its users and organisation.

`workspaces` makes the team, its users and organisation. The apps above it add their invented
data from their `AppConfig.ready()`:

- `register_residents(function(*, team, users) -> list)`: the residents every module may use
  (`residents` registers it);
- `register(name, function(*, team, users, residents, areas), order)`: one part per app (e.g.
  `buurtwerk` with order 100), run in `order` after the residents, all in one transaction;
- `register_remover(function() -> dict)`: what `--reset` must remove beside the team (e.g. the
  demo network of `network`, which does not belong to a team).
  `users` maps each `Role` to its demo user. A part writes through its app's services, so the
  demo keeps the same rules (consent, audit log) as the pages.
"""

import base64
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from buurtkompas.accounts.models import Organisation, OrganisationKind, User
from buurtkompas.regions.models import Level, Region
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


@dataclass(frozen=True)
class DemoPart:
    name: str
    function: Callable
    order: int


_parts: dict[str, DemoPart] = {}
_residents: list[Callable] = []


def register(name: str, function: Callable, order: int) -> None:
    """Add an app's invented data: `function(*, team, users, residents, areas)`."""
    _parts[name] = DemoPart(name, function, order)


def register_residents(function: Callable) -> None:
    """Who makes the demo residents: `function(*, team, users) -> list of residents`."""
    if function not in _residents:
        _residents.append(function)


_removers: list[Callable] = []


def register_remover(function: Callable) -> None:
    """`function() -> {what: count}` removes an app's demo rows that the team does not own."""
    if function not in _removers:
        _removers.append(function)


def parts() -> list[DemoPart]:
    return sorted(_parts.values(), key=lambda part: (part.order, part.name))


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


@transaction.atomic
def demo_create(users: dict, areas: list[Region]) -> Workspace:
    team = demo_team(users, areas)
    residents = [r for make in _residents for r in make(team=team, users=users)]
    for part in parts():
        part.function(team=team, users=users, residents=residents, areas=areas)
    return team


@transaction.atomic
def demo_remove() -> dict[str, int]:
    """Everything the demo made: its teams (with all their rows), users and organisation."""
    removed = {}
    for remover in _removers:
        removed |= remover()
    teams = Workspace.objects.filter(is_demo=True)
    removed["teams"] = teams.count()
    teams.delete()  # cascades to memberships, residents, module rows and the team's audit log
    removed["users"] = User.objects.filter(email__in=[u[0] for u in USERS]).delete()[0]
    organisation = Organisation.objects.filter(name=ORGANISATION, lead_workspaces=None)
    removed["organisations"] = organisation.delete()[0]
    return removed
