"""Public pages computed once per data version (issue 13): anonymous answers are kept whole,
compressed, with a strong ETag, 304 on a repeat, no cookies and no `Vary: Cookie`; the first
request after an import or a listing change sees the change; logged-in pages keep CSRF and stay
private. The file cache and the Redis cache both carry it."""

import gzip
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from buurtkompas.core import public_cache
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/atlas/ranglijst/",
    "/regio/2024/WK001400/",
    "/api/index?level=wijk&per_page=50",
    "/gemeenten/?jaar=2024",
    "/kennisbank/",
]


@pytest.mark.parametrize("path", PAGES)
def test_it_keeps_anonymous_public_pages_without_cookies(path):
    client = Client()
    first = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    assert not first.cookies, "no csrftoken or session on a page that only reads"
    assert "Cookie" not in first.get("Vary", "")
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate=" in first["Cache-Control"]
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert first["Content-Encoding"] == "gzip"
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    plain = client.get(path)
    assert "Content-Encoding" not in plain
    assert gzip.decompress(first.content) == plain.content


def test_it_answers_304_when_the_client_has_the_page(django_assert_max_num_queries):
    client = Client()
    first = client.get("/atlas/ranglijst/")
    with django_assert_max_num_queries(2):  # the version row, once per request
        repeat = client.get("/atlas/ranglijst/", HTTP_IF_NONE_MATCH=first["ETag"])
        kept = client.get("/atlas/ranglijst/")
    assert repeat.status_code == 304 and repeat.content == b""
    assert repeat["ETag"] == first["ETag"]
    assert kept.status_code == 200 and kept.content == first.content
    other = client.get("/atlas/ranglijst/", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_it_keeps_the_languages_and_queries_apart():
    client = Client()
    dutch = client.get("/atlas/ranglijst/?level=wijk")
    client.cookies["django_language"] = "en"
    english = client.get("/atlas/ranglijst/?level=wijk")
    assert '<html lang="nl">' in dutch.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert dutch["ETag"] != english["ETag"]
    # the same query in another order is the same page
    one = Client().get("/api/index?level=wijk&per_page=50")
    two = Client().get("/api/index?per_page=50&level=wijk")
    assert one["ETag"] == two["ETag"]


def test_it_switches_the_language_with_a_link_and_no_csrf_cookie():
    client = Client()
    response = client.get(reverse("language"), {"language": "en", "next": "/atlas/"})
    assert response.status_code == 302 and response["Location"] == "/atlas/"
    assert response.cookies["django_language"].value == "en"
    assert "csrftoken" not in response.cookies


def test_it_sees_a_listing_change_on_the_first_request(personas, organisation):
    from buurtkompas.accounts.models import User
    from buurtkompas.regions.models import Region
    from buurtkompas.workspaces.services import listing_approve, workspace_create

    page = "/regio/2024/WK059915/"
    assert "Energieteam Charlois" not in text_of(Client().get(page))  # kept now
    approver = User.objects.create_user(
        "platform@example.org", "x" * 20, name="Platform", is_platform_coordinator=True
    )
    team = workspace_create(
        actor=personas["coordinator"],
        name="Energieteam Charlois",
        lead_organisation=organisation,
        regions=[Region.objects.get(code="WK059915", year=2024)],
        is_public=True,
    )
    listing_approve(actor=approver, workspace=team, verify_organisation=True)
    assert "Energieteam Charlois" in text_of(Client().get(page))


def test_it_sees_new_figures_on_the_first_request_after_an_import():
    """A real import (a table of damp reports per wijk) commits a new public version: the region
    page kept just before shows the new figure on the very next request."""
    import io
    from pathlib import Path

    from django.core.management import call_command

    from buurtkompas.core.models import PublicVersion

    page = "/regio/2024/WK059915/"
    first = Client().get(page)
    assert first["ETag"] == Client().get(page)["ETag"]  # kept
    assert "Opgelost binnen 6 weken" not in first.content.decode()
    before = PublicVersion.objects.get().counter
    folder = Path(__file__).parent / "fixtures" / "own_table" / "vocht_2024"
    call_command("import", "table", "--from", str(folder), stdout=io.StringIO())
    assert PublicVersion.objects.get().counter > before
    after = Client().get(page)
    assert "Opgelost binnen 6 weken" in after.content.decode()
    assert after["ETag"] != first["ETag"]


def test_it_never_keeps_pages_for_logged_in_people(personas, client_as):
    client = client_as(personas["coordinator"])
    response = client.get("/atlas/ranglijst/")
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response or not response["Cache-Control"].startswith("public")
    account = client.get(reverse("accounts:profile"))
    assert "csrfmiddlewaretoken" in account.content.decode()


def test_it_does_not_keep_a_page_for_a_visitor_with_other_cookies():
    client = Client()
    client.cookies["messages"] = "something"
    response = client.get("/atlas/ranglijst/")
    assert response.status_code == 200
    assert not response.get("Cache-Control", "").startswith("public")


def test_it_keeps_pages_in_the_file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    first = Client().get("/atlas/ranglijst/")
    assert any((tmp_path / "cache").iterdir())
    assert Client().get("/atlas/ranglijst/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            process.poll()
            assert process.returncode is None, "redis-server stopped"
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait()


def test_it_keeps_pages_in_redis_when_configured(settings, redis_url, monkeypatch):
    from buurtkompas import settings as project_settings

    monkeypatch.setenv("REDIS_URL", redis_url)
    config = project_settings.cache_config()
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": config}
    first = Client().get("/atlas/ranglijst/")
    keys = caches["default"]._cache.get_client().keys("buurtkompas:*")  # noqa: SLF001
    assert keys, "the page is in Redis"
    assert Client().get("/atlas/ranglijst/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    public_cache.bump()  # a new version: the page is computed again and kept under a new key
    again = Client().get("/atlas/ranglijst/")
    assert again.content == first.content  # nothing changed in the figures: the same ETag
    assert len(caches["default"]._cache.get_client().keys("buurtkompas:*")) == len(keys) + 1  # noqa: SLF001


def test_it_serves_a_kept_page_with_the_security_headers_and_only_to_allowed_hosts():
    client = Client()
    first = client.get("/atlas/ranglijst/")
    kept = client.get("/atlas/ranglijst/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert kept[header] == first[header], header
    assert kept["Content-Language"] == "nl"
    assert client.get("/atlas/ranglijst/", HTTP_HOST="evil.example").status_code == 400


def test_it_keeps_no_error_page():
    client = Client()
    assert client.get("/regio/2024/WK999999/").status_code == 404
    again = client.get("/regio/2024/WK999999/")
    assert again.status_code == 404 and "ETag" not in again


def test_it_keeps_a_page_the_view_compressed_itself_once_compressed():
    """The map's shapes are gzipped by their view (gzip_page): kept, they are not gzipped
    twice."""
    path = reverse("atlas:shapes", args=["gemeente", 2024])
    first = Client().get(path, HTTP_ACCEPT_ENCODING="gzip")
    kept = Client().get(path, HTTP_ACCEPT_ENCODING="gzip")
    plain = Client().get(path)
    for response in (first, kept):
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain.content
    assert plain.content.startswith(b"{")
