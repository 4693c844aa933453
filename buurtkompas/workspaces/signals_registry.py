"""Housing signal sinks: how a feature app hands a housing problem it saw to the team's
signal dossier without importing the app that keeps the dossier (feature apps never import
each other; see docs/ARCHITECTURE.md, "Layers").

A signal names a problem, a building complex or street and a buurt: never a household. The
app that keeps the dossier joins in its `AppConfig.ready()`:

    signals_registry.register(sink)            # sink(*, actor, workspace, problem, complex,
                                               #      buurt, source) -> None
    signals_registry.register_reader(reader)   # reader(*, workspace, complex) -> list[dict]

and a feature calls `raise_housing_signal(...)` (every sink receives it) or
`known_signals(...)` (every reader answers: dicts with `problem`, `label`, `households`).
With no sink registered a signal goes nowhere and `raise_housing_signal` returns 0.
"""

from collections.abc import Callable

# The problems a visit can tick; the dossier's own list holds these and more.
PROBLEMS = ("draught", "mould", "single_glazing", "heating", "other")

_sinks: list[Callable[..., None]] = []
_readers: list[Callable[..., list[dict]]] = []


def register(sink: Callable[..., None]) -> Callable[..., None]:
    if sink not in _sinks:
        _sinks.append(sink)
    return sink


def register_reader(reader: Callable[..., list[dict]]) -> Callable[..., list[dict]]:
    if reader not in _readers:
        _readers.append(reader)
    return reader


def raise_housing_signal(
    *, actor, workspace, problem: str, complex: str, buurt, source: str
) -> int:
    """Hand one housing problem (one household) to every sink; returns how many took it."""
    if problem not in PROBLEMS:
        raise ValueError(f"unknown housing problem {problem!r}")
    for sink in _sinks:
        sink(
            actor=actor,
            workspace=workspace,
            problem=problem,
            complex=complex,
            buurt=buurt,
            source=source,
        )
    return len(_sinks)


def known_signals(*, workspace, complex: str) -> list[dict]:
    """What the dossiers already hold for this complex (no names: problem and households)."""
    if not complex.strip():
        return []
    found: list[dict] = []
    for reader in _readers:
        found.extend(reader(workspace=workspace, complex=complex))
    return found
