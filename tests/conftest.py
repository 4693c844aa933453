"""Shared fixtures. The real source files are read from BUURTKOMPAS_DATA_DIR (../shared/data)."""

import os
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    # Raw inputs are archived during imports; keep test archives out of the working tree.
    # pytest-django has imported the settings by now, so set the setting itself (and the
    # variable, for the servers the browser tests start).
    archive = os.environ.setdefault(
        "BUURTKOMPAS_ARCHIVE_DIR", tempfile.mkdtemp(prefix="bk-archive-")
    )
    # Photos of meters (visits) are written to the private media folder: a scratch one here.
    private = os.environ.setdefault(
        "BUURTKOMPAS_PRIVATE_MEDIA_DIR", tempfile.mkdtemp(prefix="bk-private-")
    )
    # Tests run with DEBUG off, so WhiteNoise reads STATIC_ROOT when the first request comes
    # and warns if it is missing. Importing the settings creates no folder (test_settings.py):
    # in production `collectstatic` makes it, here the test session does.
    from django.conf import settings

    # Each test process keeps its own cache (a file cache would be shared by the two workers,
    # whose databases differ); tests/test_public_cache.py tries the file and Redis caches.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    os.environ.setdefault("CACHE_DIR", tempfile.mkdtemp(prefix="bk-cache-"))  # browser servers
    settings.ARCHIVE_DIR = Path(archive)
    settings.PRIVATE_MEDIA_ROOT = Path(private)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    from django.conf import settings

    path = Path(settings.DATA_DIR)
    if not (path / "README.md").exists():
        pytest.fail(f"BUURTKOMPAS_DATA_DIR={path} does not hold the shared source data")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, data_dir):
    """Import all shared data once per test session; each test then runs in a rolled-back
    transaction on top of it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("import", "all", stdout=open(os.devnull, "w"))


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name


# Personas for workspace tests: one team with a coordinator, a community worker
# (opbouwwerker), a volunteer, a partner, and an outsider who belongs to another team.
PERSONAS = ("coordinator", "opbouwwerker", "vrijwilliger", "partner", "outsider")
PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Caches are keyed by data versions (ids), and ids come back after a test's rollback:
    start every test with empty caches so no test sees another test's rendered pages."""
    from django.core.cache import cache

    from buurtkompas.atlas import selectors
    from buurtkompas.knowledge import selectors as knowledge

    cache.clear()
    selectors._SCORED.clear()  # noqa: SLF001
    knowledge._catalogue.update(version=None, entries={}, ordered=[])  # noqa: SLF001
    knowledge._answers.clear()  # noqa: SLF001


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 costs about a third of a second per hash and every persona needs one; tests of
    behaviour use a fast hasher. tests/test_accounts.py checks production hashes with argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    from buurtkompas.accounts.models import Organisation

    return Organisation.objects.create(
        name="Welzijn Zuid", kind="welzijnsorganisatie", gemeente_code="GM0599"
    )


@pytest.fixture
def personas(db, organisation):
    """role -> User; the team is personas['coordinator'].memberships.first().workspace."""
    from buurtkompas.accounts.models import User
    from buurtkompas.workspaces.models import Membership
    from buurtkompas.workspaces.services import workspace_create

    users = {
        role: User.objects.create_user(f"{role}@example.org", PASSWORD, name=role.capitalize())
        for role in PERSONAS
    }
    team = workspace_create(
        actor=users["coordinator"], name="Energieteam Tarwewijk", lead_organisation=organisation
    )
    for role in ("opbouwwerker", "vrijwilliger", "partner"):
        Membership.objects.create(workspace=team, user=users[role], role=role)
    workspace_create(actor=users["outsider"], name="Ander team", lead_organisation=organisation)
    return users


@pytest.fixture
def team(personas):
    return personas["coordinator"].memberships.get().workspace


@pytest.fixture
def client_as(client):
    """client_as(user) -> a test client logged in as that user (None = anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def as_user(client_as):
    """as_user(user) -> a logged-in client that reads the English UI, so texts compare with
    their msgids (None = anonymous)."""
    from django.conf import settings

    def login(user):
        client = client_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def other_team(personas):
    """Another team ("Ander team") with its own coordinator: the outsider persona, who is no
    member of `team`."""
    return personas["outsider"].memberships.get().workspace


@pytest.fixture
def resident_with_consent(team):
    """resident_with_consent(purpose="contact", *, name=NAME, workspace=team, actor=its
    coordinator, given_on=today, **contact_fields) -> a Contact recorded through
    residents.services with a spoken consent for that purpose (a Purpose; None: no consent).
    See tests.helpers.resident."""
    from tests.helpers import NAME, resident

    def make(purpose="contact", *, name=NAME, workspace=None, actor=None, **fields):
        workspace = workspace or team
        if actor is None:
            actor = workspace.memberships.filter(role="coordinator").first().user
        return resident(workspace, actor, name, consent=purpose, **fields)

    return make


# Personas of a network (issue 11): a network coordinator, a member, and a logged-in person who
# is no member; the team coordinator of `team` is also a member (a werkbezoek's host).
NETWORK_PERSONAS = ("network_coordinator", "network_member", "non_member")


@pytest.fixture
def network_personas(personas):
    """persona -> User for the network personas (the team personas come along)."""
    from buurtkompas.accounts.models import User

    return {
        persona: User.objects.create_user(
            f"{persona}@example.org", PASSWORD, name=persona.replace("_", " ").capitalize()
        )
        for persona in NETWORK_PERSONAS
    }


@pytest.fixture
def network(network_personas, personas):
    """A network with a coordinator and a member; `team`'s coordinator is a member too."""
    from buurtkompas.network.models import NetworkRole
    from buurtkompas.network.services import member_add, network_create

    coordinator = network_personas["network_coordinator"]
    network = network_create(
        actor=coordinator, name="Krachtproef Opbouwwerkers Duurzaamheid", coordinator=coordinator
    )
    member_add(actor=coordinator, network=network, user=network_personas["network_member"])
    member_add(
        actor=coordinator, network=network, user=personas["coordinator"], role=NetworkRole.MEMBER
    )
    return network


# Personas of the knowledge base (issue 12), around `network`.
KNOWLEDGE_PERSONAS = ("author", "reviewer", "coordinator", "member", "outsider", "public")


@pytest.fixture
def kb(network, network_personas, personas):
    """persona -> User (None for "public"): the author and another member write and read, the
    reviewer is appointed, the coordinator coordinates the network, the outsider is logged in
    but no member of it."""
    from buurtkompas.accounts.models import User
    from buurtkompas.knowledge import services
    from buurtkompas.network.services import member_add

    coordinator = network_personas["network_coordinator"]
    reviewer = User.objects.create_user("reviewer@example.org", PASSWORD, name="Reviewer")
    member_add(actor=coordinator, network=network, user=reviewer)
    services.reviewer_appoint(actor=coordinator, network=network, user=reviewer)
    return {
        "author": personas["coordinator"],  # the team's coordinator, a member of the network
        "reviewer": reviewer,
        "coordinator": coordinator,
        "member": network_personas["network_member"],
        "outsider": network_personas["non_member"],
        "public": None,
    }


@pytest.fixture
def make_item(network, kb):
    """make_item(status="published", visibility="network", **fields) -> Item, written by the
    author, submitted and published by the reviewer as needed."""
    from buurtkompas.knowledge import services

    def make(status="published", *, themes=("energy_saving",), regions=(), **fields):
        fields.setdefault("kind", "case")
        fields.setdefault("title", "Tochtstrips plakken met huurders")
        fields.setdefault("goal", "Minder tocht in huurwoningen.")
        fields.setdefault("approach", "Buren helpen buren.")
        item = services.item_create(
            actor=kb["author"], network=network, fields=fields, themes=themes, regions=regions
        )
        if status in ("submitted", "published", "archived"):
            item = services.item_submit(actor=kb["author"], item=item)
        if status in ("published", "archived"):
            item = services.item_publish(actor=kb["reviewer"], item=item)
        if status == "archived":
            item = services.item_archive(actor=kb["author"], item=item)
        return item

    return make


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test` runs the suite on two workers, `--dist loadgroup`), the
    Chromium tests share one worker: one server and one browser, not two on two cores."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
