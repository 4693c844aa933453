"""The personal-data contract (`residents.registry`): every model that can hold data about a
resident belongs to a registered module, the processing register (docs/privacy.md) describes
every module, residents imports no feature app, and the name search of the erasure finds the
name as written and nothing else."""

import ast
import re
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from buurtkompas.residents import registry
from buurtkompas.residents.models import Contact
from buurtkompas.residents.redaction import (
    COMMON_WORD,
    MARKER,
    SHORT_MARKER,
    TOO_SHORT,
    name_pattern,
    replace,
)

DOCS = Path(settings.BASE_DIR) / "docs" / "privacy.md"
RESIDENTS = Path(settings.BASE_DIR) / "buurtkompas" / "residents"


def relates_to_contact(model) -> bool:
    """A foreign key, one-to-one or many-to-many field of `model` pointing at Contact
    (whether or not Contact has a reverse accessor for it: related_name="+" counts too)."""
    fields = [*model._meta.fields, *model._meta.many_to_many]
    return any(field.related_model is Contact for field in fields)


def uncovered(modules) -> list[str]:
    """Models with a relation to Contact that belong to none of `modules`. An automatic
    many-to-many table belongs to the module of the model that declares the field."""
    covered = {model for module in modules for model in module.models}
    missing = []
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model
        if (relates_to_contact(model) or model is Contact) and owner not in covered:
            missing.append(model._meta.label)
    return sorted(missing)


def test_every_model_with_a_relation_to_a_resident_belongs_to_a_registered_module():
    assert uncovered(registry.modules()) == [], (
        "register these models' data in residents.registry (export and erase) from the "
        "module's AppConfig.ready()"
    )


def test_it_notices_a_module_that_is_not_registered():
    """The check above is not vacuous: leave out one registration and it names the models,
    the automatic many-to-many tables (initiative leads, activity registrations) too."""
    without_buurtwerk = [m for m in registry.modules() if m.key != "buurtwerk"]
    assert uncovered(without_buurtwerk) == [
        "buurtwerk.Activity",
        "buurtwerk.Activity_registered",
        "buurtwerk.Asset",
        "buurtwerk.Initiative",
        "buurtwerk.Initiative_leads",
        "buurtwerk.LeadershipStep",
    ]
    without_visits = [m for m in registry.modules() if m.key != "visits"]
    assert uncovered(without_visits) == ["visits.HouseholdVisit"]


def test_every_registered_module_is_complete_and_its_free_text_fields_exist():
    keys = [module.key for module in registry.modules()]
    assert len(keys) == len(set(keys))
    assert {"contact", "consents", "history", "visits", "buurtwerk"} <= set(keys)
    for module in registry.modules():
        assert callable(module.export) and callable(module.erase), module.key
        for model, fields in module.free_text:
            assert model._meta.get_field("workspace"), (module.key, model)  # scanned per team
            for name in fields:
                kind = model._meta.get_field(name).get_internal_type()
                assert kind in {"CharField", "TextField"}, (module.key, model, name)


# Text fields of a team's records that are NOT searched for a resident's name, and why.
NOT_FREE_TEXT = {
    "residents.Contact.name": "another resident may have the same name",
    "residents.Consent.partner_name": "an organisation",
    "buurtwerk.Stakeholder.name": "an organisation",
}
NOT_RESIDENTS_TEXTS = {"audit", "workspaces"}  # codes and ids; members' e-mail addresses


def test_every_free_text_field_of_a_teams_records_is_searched_for_a_name_on_erasure():
    declared = {
        f"{model._meta.label}.{name}"
        for module in registry.modules()
        for model, names in module.free_text
        for name in names
    }
    undeclared = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label not in NOT_RESIDENTS_TEXTS
        and any(field.name == "workspace" for field in model._meta.fields)
        for field in model._meta.fields
        if field.get_internal_type() in {"CharField", "TextField"} and not field.choices
    ]
    missing = sorted(set(undeclared) - declared - set(NOT_FREE_TEXT))
    assert missing == [], "declare these fields in the module's PersonalData.free_text"


def test_the_processing_register_describes_every_registered_module():
    text = DOCS.read_text(encoding="utf-8")
    with translation.override("en"):
        for module in registry.modules():
            assert f"`{module.key}`" in text, module.key
            assert re.search(rf"^### {re.escape(str(module.title))}\b", text, re.M), module.title
    assert MARKER in text and "[name removed]" in text


def test_residents_imports_no_feature_app():
    """Residents offers registries; the feature apps join them, never the other way round."""
    features = ("visits", "buurtwerk")
    wrong = []
    for path in RESIDENTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            wrong += [
                f"{path.name}: {name}"
                for name in names
                if any(name.startswith(f"buurtkompas.{app}") for app in features)
            ]
    assert wrong == []


NAME = "Zoë van der Berg"


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("Sprak Zoë van der Berg over tocht", f"Sprak {MARKER} over tocht", 1),
        ("zoe VAN DER berg belde", f"{MARKER} belde", 1),  # case, and without the diacritic
        ("Met Zoë  van\nder Berg.", f"Met {MARKER}.", 1),  # other white space
        ("Zoe\u0308 van der Berg", MARKER, 1),  # the ë typed as e + combining diaeresis
        ("(Zoë van der Berg)/Zoë van der Berg's", f"({MARKER})/{MARKER}'s", 2),
        ("Zoë van der Bergen en Zoë van der Berg2", "Zoë van der Bergen en Zoë van der Berg2", 0),
        ("Zoë belde; mevrouw Van der Berg ook", "Zoë belde; mevrouw Van der Berg ook", 0),
    ],
)
def test_it_finds_the_name_as_whole_words_in_any_case_with_or_without_diacritics(
    text, expected, count
):
    pattern, refused = name_pattern(NAME)
    assert refused == ""
    assert replace(text, pattern) == (expected, count)


def test_it_uses_a_short_marker_where_a_field_has_no_room_for_the_long_one():
    pattern, _refused = name_pattern("Ali")
    text = "Ali " + "x" * 20
    assert replace(text, pattern, limit=len(text)) == (f"{SHORT_MARKER} " + "x" * 20, 1)
    assert len(SHORT_MARKER) <= 3 < len(MARKER)
    assert replace(text, pattern, limit=100) == (f"{MARKER} " + "x" * 20, 1)


@pytest.mark.parametrize(
    ("name", "refused"),
    [("Bo", TOO_SHORT), (" A ", TOO_SHORT), ("Oma", COMMON_WORD), ("BUURMAN", COMMON_WORD)],
)
def test_it_does_not_search_names_that_are_too_short_or_everyday_words(name, refused):
    assert name_pattern(name) == (None, refused)


def test_it_keeps_the_marker_in_one_normal_form():
    assert unicodedata.is_normalized("NFC", MARKER + SHORT_MARKER)
