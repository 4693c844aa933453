"""Writes of housing signals. Atomic, keyword-only, audited; the log holds field names and
counts, never the complex name or the note (free text that might name someone)."""

from django.db import transaction
from django.utils import timezone

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import HousingSignal
from buurtkompas.buurtwerk.selectors.signals import problems_per_complex

FIELDS = ("complex", "buurt", "problem", "households", "noted_on", "source", "note")


def tidy(name: str) -> str:
    return " ".join(name.split())


def canonical_complex(workspace, name: str) -> str:
    """The spelling the team already uses for this complex (compared without case or extra
    spaces), so "Hof van Ede" and "hof van  ede" end up in one dossier."""
    name = tidy(name)
    wanted = name.casefold()
    known = HousingSignal.objects.filter(workspace=workspace).values_list("complex", flat=True)
    for existing in known.distinct().order_by("complex"):
        if existing.casefold() == wanted:
            return existing
    return name


@transaction.atomic
def signal_create(
    *,
    actor,
    workspace,
    complex: str,
    problem: str,
    noted_on,
    source: str,
    households: int = 1,
    buurt=None,
    note: str = "",
) -> HousingSignal:
    signal = HousingSignal.objects.create(
        workspace=workspace,
        created_by=actor,
        complex=canonical_complex(workspace, complex),
        buurt=buurt,
        problem=problem,
        households=households,
        noted_on=noted_on,
        source=source,
        note=note,
    )
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.housing_signal.created",
        obj=signal,
        data={"problem": problem, "households": households, "source": source},
    )
    return signal


@transaction.atomic
def signal_update(*, actor, signal: HousingSignal, **fields) -> HousingSignal:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "complex" in fields:
        fields["complex"] = canonical_complex(signal.workspace, fields["complex"])
    changed = [key for key, value in fields.items() if getattr(signal, key) != value]
    for key, value in fields.items():
        setattr(signal, key, value)
    signal.save()
    log_action(
        actor=actor,
        workspace=signal.workspace,
        action="buurtwerk.housing_signal.changed",
        obj=signal,
        data={"fields": changed},
    )
    return signal


@transaction.atomic
def signal_delete(*, actor, signal: HousingSignal) -> None:
    data = {"problem": signal.problem, "households": signal.households}
    log_action(
        actor=actor,
        workspace=signal.workspace,
        action="buurtwerk.housing_signal.deleted",
        obj=signal,
        data=data,
    )
    signal.delete()


@transaction.atomic
def signal_dossier_export(*, actor, workspace, signals: int, file_format: str) -> None:
    """Record that a complex's evidence summary left the application (PDF or CSV)."""
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.housing_signal.exported",
        data={"format": file_format, "signals": signals},
    )


def signal_from_elsewhere(*, actor, workspace, problem, complex, buurt, source) -> None:
    """A housing signal handed over through `workspaces.signals_registry` (a household visit
    ticks a problem): one household, noted today, without a note."""
    signal_create(
        actor=actor,
        workspace=workspace,
        complex=complex,
        problem=problem,
        noted_on=timezone.localdate(),
        source=source,
        buurt=buurt,
    )


def signals_known(*, workspace, complex) -> list[dict]:
    """The dossier's problems for one complex (a read for `workspaces.signals_registry`)."""
    name = canonical_complex(workspace, complex)
    rows = problems_per_complex(workspace, [name]).get(name, [])
    return [
        {"problem": r["problem"], "label": r["label"], "households": r["households"]} for r in rows
    ]
