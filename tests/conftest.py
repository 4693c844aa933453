"""Shared fixtures. The real source files are read from BUURTKOMPAS_DATA_DIR (../shared/data)."""

import os
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    # Raw inputs are archived during imports; keep test archives out of the working tree.
    os.environ.setdefault("BUURTKOMPAS_ARCHIVE_DIR", tempfile.mkdtemp(prefix="bk-archive-"))


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
