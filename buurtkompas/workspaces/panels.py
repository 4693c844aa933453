"""Panels on the team dashboard, joined by the modules that have something to show there.

`workspaces` knows no module, and the dashboard (in `buurtwerk`) does not know the others
either. A module registers a panel from its `AppConfig.ready()`::

    from buurtkompas.workspaces.panels import Panel, register

    register(Panel("visits", "visits/dashboard_panel.html", panel_context, order=300))

The dashboard renders the registered panels sorted by `order`, each with its own template and
the dictionary `context(workspace, membership, today)` returns (read-only, a fixed number of
queries). A panel is left out when `visible(membership)` says no; a panel that shows counts to
partners applies the small-number rule itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[object, object, date], dict]  # (workspace, membership, today) -> dict
    order: int = 500
    visible: Callable[[object], bool] | None = None  # (membership) -> bool; None: every member

    def is_visible(self, membership) -> bool:
        return self.visible is None or bool(self.visible(membership))


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    context: dict


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add a panel to the dashboard (again with the same key: replaces it)."""
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(workspace, membership, today: date) -> list[RenderedPanel]:
    """The panels this member sees, each with its context filled in."""
    return [
        RenderedPanel(p.key, p.template, p.context(workspace, membership, today))
        for p in panels()
        if p.is_visible(membership)
    ]
