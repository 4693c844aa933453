"""The settings: every environment variable they read is documented in the README's
configuration table (and the table lists nothing they no longer read), a wrong value stops the
program with ImproperlyConfigured naming the variable, and importing them creates nothing."""

import ast
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

SETTINGS = settings.BASE_DIR / "buurtkompas" / "settings.py"
README = settings.BASE_DIR / "README.md"


def is_environment_read(call: ast.Call) -> bool:
    """os.getenv(...), os.environ.get(...), and the settings' own env*(...) helpers."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "getenv" or func.id.startswith("env")
    if isinstance(func, ast.Attribute):
        if func.attr == "getenv":
            return True
        owner = func.value
        return func.attr == "get" and isinstance(owner, ast.Attribute) and owner.attr == "environ"
    return False


def variables_read() -> set[str]:
    """The names of the environment variables settings.py reads, found by parsing it."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        key = None
        if isinstance(node, ast.Call) and is_environment_read(node) and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            key = node.slice if node.value.attr == "environ" else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def variables_documented() -> set[str]:
    """The names in the first column of the table under "## Configuration" in the README."""
    section = README.read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_it_finds_the_variables_the_settings_read():
    """The parser itself: it must see reads through every helper the settings use."""
    found = variables_read()
    assert {"DEBUG", "SECRET_KEY", "DB", "SQLITE_BUSY_TIMEOUT_S", "EMAIL_USE_TLS"} <= found
    assert {"PGTESTDATABASE", "STATIC_ROOT", "LOG_LEVEL", "SECURE_HSTS_SECONDS"} <= found
    assert len(found) > 25


def test_it_documents_every_variable_the_settings_read():
    missing = variables_read() - variables_documented()
    assert missing == set(), "read in buurtkompas/settings.py, missing in README's table"


def test_it_documents_no_variable_the_settings_no_longer_read():
    stale = variables_documented() - variables_read()
    assert stale == set(), "in README's configuration table, but not read by the settings"


IMPORT_SETTINGS = """
import sys
from django.core.exceptions import ImproperlyConfigured
try:
    import buurtkompas.settings
except ImproperlyConfigured as error:
    print(error)
    sys.exit(3)
"""


def import_settings(tmp_path, **variables) -> subprocess.CompletedProcess:
    """Imports the settings in a fresh interpreter with these variables; every path they
    could write to points into tmp_path."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "DB", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        STATIC_ROOT=str(tmp_path / "static"),
        SQLITE_PATH=str(tmp_path / "db" / "buurtkompas.sqlite3"),
        BUURTKOMPAS_ARCHIVE_DIR=str(tmp_path / "archive"),
        BUURTKOMPAS_DATA_DIR=str(tmp_path / "data"),
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ({"DEBUG": "maybe"}, ["DEBUG", "true/false/1/0/yes/no", "'maybe'"]),
        ({"EMAIL_USE_TLS": "sometimes"}, ["EMAIL_USE_TLS", "true/false"]),
        ({"DB": "mysql"}, ["DB", "sqlite or postgres", "'mysql'"]),
        ({"SQLITE_BUSY_TIMEOUT_S": "abc"}, ["SQLITE_BUSY_TIMEOUT_S", "whole number", "'abc'"]),
        ({"LOGIN_FAILURES_ALLOWED": "5.5"}, ["LOGIN_FAILURES_ALLOWED", "whole number"]),
        ({"DEBUG": "false"}, ["SECRET_KEY", "DEBUG is false"]),
        ({"DATABASE_URL": "nosuchdb://host/db"}, ["DATABASE_URL", "nosuchdb"]),
        ({"TRUSTED_PROXIES": "10.0.0.1,proxy.local"}, ["TRUSTED_PROXIES", "'proxy.local'"]),
        ({"TRUSTED_PROXY_COUNT": "-1"}, ["TRUSTED_PROXY_COUNT", "0 or more"]),
    ],
    ids=[
        "DEBUG",
        "EMAIL_USE_TLS",
        "DB",
        "SQLITE_BUSY_TIMEOUT_S",
        "LOGIN_FAILURES_ALLOWED",
        "no-SECRET_KEY",
        "DATABASE_URL",
        "TRUSTED_PROXIES",
        "TRUSTED_PROXY_COUNT",
    ],
)
def test_it_stops_on_a_wrong_value_with_improperly_configured(tmp_path, variables, says):
    result = import_settings(tmp_path, **variables)
    assert result.returncode == 3, result.stdout + result.stderr  # ImproperlyConfigured
    for words in says:
        assert words in result.stdout


def test_it_imports_with_good_values(tmp_path):
    variables = {"DEBUG": "no", "SECRET_KEY": "x" * 50, "DB": "postgres", "EMAIL_PORT": "587"}
    result = import_settings(tmp_path, **variables)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["true", "false"])
def test_it_creates_no_folder_or_file_when_imported(tmp_path, debug):
    result = import_settings(tmp_path, DEBUG=debug, SECRET_KEY="y" * 50)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []
