"""The team menu: the links on every team page, joined by the modules that have a page.

`workspaces` knows no module. Each app registers its links from its `AppConfig.ready()`::

    from buurtkompas.workspaces.navigation import NavItem, register

    register(NavItem("visits:list", _("Household visits"), 300, active=in_namespace("visits")))

`workspaces/templatetags/team_menu.py` renders the items sorted by `order` (workspaces' own links
take 10 and 900–990, buurtwerk's modules 100–200, residents 800). A link is left out when its URL
does not exist or `visible(membership)` says no; it is marked `aria-current="page"` when
`active(view_name, namespace)` of the page being shown is true (by default: on the link's own
page).
"""

from collections.abc import Callable
from dataclasses import dataclass

Active = Callable[[str, str], bool]  # (view name such as "buurtwerk:agenda", namespace) -> bool


@dataclass(frozen=True)
class NavItem:
    url_name: str  # reversed with the team's id as its only argument
    label: str  # a lazy translation
    order: int
    active: Active | None = None  # None: only on the page `url_name` itself
    visible: Callable[[object], bool] | None = None  # (membership) -> bool; None: every member

    def is_active(self, view_name: str, namespace: str) -> bool:
        if self.active is None:
            return view_name == self.url_name
        return bool(self.active(view_name, namespace))

    def is_visible(self, membership) -> bool:
        return self.visible is None or bool(self.visible(membership))


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add a link to the team menu (again with the same `url_name`: replaces it)."""
    _items[item.url_name] = item


def items() -> list[NavItem]:
    return sorted(_items.values(), key=lambda item: (item.order, item.url_name))


def in_namespace(namespace: str, *words: str) -> Active:
    """Active on every page of `namespace` (whose view name holds one of `words`, if given)."""

    def active(view_name: str, current: str) -> bool:
        return current == namespace and (not words or any(w in view_name for w in words))

    return active
