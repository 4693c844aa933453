"""A real Buurtkompas server (runserver on a temporary SQLite file with all shared data) driven
by Debian's Chromium through Playwright. pytest-django's live_server is not used: it would flush
the session database between tests."""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

# Chromium draws the map with software WebGL here; on two busy cores the first frame can take
# longer than Playwright's default 5 s for `expect`. Expectations wait as long as actions do;
# a check that never becomes true still fails.
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CLI = Path(sys.executable).with_name("buurtkompas")
AXE = Path(__file__).resolve().parents[2] / "buurtkompas/core/static/vendor/axe.min.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(server: subprocess.Popen, port: int, log: Path, seconds: float = 60):
    """Poll the port until the server accepts a connection; fail as soon as the server dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        try:
            server.wait(timeout=0.1)  # returns at once if the server has exited
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
    pytest.fail(f"the server did not listen on port {port} within {seconds} s:\n{log.read_text()}")


def run_cli(args: list[str], env: dict) -> str:
    """Runs a `buurtkompas` command; returns what it printed."""
    result = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        pytest.fail(f"buurtkompas {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="session")
def server_env(tmp_path_factory, data_dir) -> dict:
    """The environment of the browser tests' server: a fresh SQLite file and archive. Tests may
    run other `buurtkompas` commands with it (run_cli) to set up users and teams. E-mails are
    written to files in EMAIL_FILE_PATH; `sent_mail` reads them."""
    tmp = tmp_path_factory.mktemp("browser-server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtkompas.settings",
        "DB": "sqlite",
        "SQLITE_PATH": str(tmp / "buurtkompas.sqlite3"),
        "CACHE_DIR": str(tmp / "cache"),
        "BUURTKOMPAS_ARCHIVE_DIR": str(tmp / "archive"),
        "BUURTKOMPAS_DATA_DIR": str(data_dir),
        "DEBUG": "true",  # runserver then serves the static files
        "SECRET_KEY": "browser-tests-only-not-secret",  # shared with production_server_url
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
    }
    env.pop("DATABASE_URL", None)
    return env


def serious_axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now (the page's context
    must bypass CSP, as `new_page` does, so the script can be injected)."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def assert_no_axe_violations(page, where: str = "") -> None:
    """Fails, naming each rule and element, when axe-core finds a serious or critical problem."""
    found = serious_axe_violations(page)
    assert found == [], f"axe-core finds serious or critical problems on {where or page.url}"


def sent_mail(env: dict, to: str) -> list[EmailMessage]:
    """The e-mails the server has sent to this address so far, oldest first."""
    folder = Path(env["EMAIL_FILE_PATH"])
    found = []
    # The file-based backend writes one file per connection: messages, each followed by a line
    # of 79 dashes.
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if to.lower() in str(message["To"]).lower():
                    found.append(message)
    return found


@contextmanager
def running_server(env: dict, name: str, *options: str):
    """runserver on a free port with this environment; yields its URL."""
    port = free_port()
    log = Path(env["SQLITE_PATH"]).with_name(f"{name}.log")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [CLI, "runserver", "--noreload", *options, f"127.0.0.1:{port}"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(server, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def server_url(server_env) -> str:
    """migrate + import all into a fresh SQLite file, then runserver on a free port."""
    env = server_env
    run_cli(["migrate", "--noinput"], env)
    run_cli(["import", "all"], env)
    with running_server(env, "server") as url:
        yield url


@pytest.fixture(scope="session")
def production_server_url(server_env, server_url) -> str:
    """A second server on the same database with DEBUG off, for what only production shows
    (the site's own 404 and 500 pages instead of Django's debug pages). Plain HTTP: no SSL
    redirect, no HSTS; `--insecure` serves the static files. Same SECRET_KEY, so a session
    started on server_url is valid here too (browsers send cookies to every port of a host)."""
    env = {
        **server_env,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    with running_server(env, "production-server", "--insecure") as url:
        yield url


@pytest.fixture(scope="package")
def browser():
    """Package scope: Playwright's event loop must be gone before database tests run again."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, server_url):
    """Opens a page in a fresh browser context (Dutch by default, like most users)."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900, locale: str = "nl-NL"):
        context = browser.new_context(
            base_url=server_url,
            viewport={"width": width, "height": height},
            locale=locale,
            bypass_csp=True,  # lets axe be injected once a strict CSP is in place
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
