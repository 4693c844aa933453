"""The personal-data contract, after pretix's data shredders.

Every module that stores something about a resident (`residents.Contact`) registers ONE
`PersonalData` in its app's `AppConfig.ready()`:

    register(PersonalData(key="visits", title=_("Household visits"), models=(HouseholdVisit,),
                          export=export, erase=erase, rows=rows, consent_withdrawn=...))

- `key`: stable; the key of the module's section in the JSON export.
- `title`: the section heading in the PDF export (translatable).
- `models`: every model of the module with a relation to `Contact`; a test fails when a model
  with such a relation belongs to no registered module.
- `export(contact)`: the section's plain JSON-able data: a dict, or a list of dicts.
- `erase(contact)`: removes (or blanks) the module's personal data; called inside the
  erasure's transaction, after the name was redacted from the team's texts.
- `rows(data)`: how the section reads in the PDF, as (label, value) pairs; without it every
  value is shown under its key, so a module never leaves data out of the PDF.
- `consent_withdrawn(*, actor, contact, purpose)`: what stops when a consent is withdrawn.
- `free_text`: ((model, (field, ...)), ...): the module's free-text fields. On erasure the
  resident's name is replaced there, in every record of the team (`residents.redaction`).
- `order`: sections are shown by order, then by registration.

`residents` registers its own parts (the contact, consents, history) the same way. Residents
never imports a feature app; the features join here.

The second registry, `PageSection`, is what a feature shows on a resident's page (a template
and a context function), e.g. the household visits with their planning form.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Rows = list[tuple[str, Any]]


@dataclass(frozen=True)
class PersonalData:
    key: str
    title: Any  # a (lazy) translatable string
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    models: tuple = ()
    rows: Callable[[Any], Rows] | None = None
    consent_withdrawn: Callable[..., None] | None = None
    free_text: tuple[tuple[type, tuple[str, ...]], ...] = ()
    order: int = 50

    def pdf_rows(self, data) -> Rows:
        return self.rows(data) if self.rows else generic_rows(data)


@dataclass(frozen=True)
class PageSection:
    """A part of a resident's page: `context(request, contact, form)` -> the template's
    context; `form` is the section's form that failed validation (shown again), or None."""

    key: str
    template: str
    context: Callable[..., dict]
    order: int = 50


_modules: dict[str, PersonalData] = {}
_sections: dict[str, PageSection] = {}


def register(module: PersonalData) -> PersonalData:
    if module.key in _modules:
        raise ImproperlyConfigured(f"personal-data module {module.key!r} is registered twice")
    if module.key == "workspace":
        raise ImproperlyConfigured("'workspace' is the export's header, not a module key")
    _modules[module.key] = module
    return module


def unregister(key: str) -> None:
    _modules.pop(key, None)


def modules() -> list[PersonalData]:
    """Every registered module, in the order of their sections."""
    return sorted(_modules.values(), key=lambda module: module.order)


def register_section(section: PageSection) -> PageSection:
    if section.key in _sections:
        raise ImproperlyConfigured(f"resident page section {section.key!r} is registered twice")
    _sections[section.key] = section
    return section


def sections() -> list[PageSection]:
    return sorted(_sections.values(), key=lambda section: section.order)


def generic_rows(data) -> Rows:
    """Every value under its key: a dict is one row per key, a list one row per item."""
    if isinstance(data, dict):
        return [(str(key), plain(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [("", plain(item)) for item in data]
    return [("", plain(data))]


def plain(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(plain(item) for item in value)
    return "" if value is None else str(value)
