"""The layers of docs/ARCHITECTURE.md hold in the code: an app imports only from itself and from
apps in lower layers, and feature apps never import each other.

The table in the document is the one place the layers are written down; this test reads it."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "buurtkompas"
DOC = ROOT / "docs" / "ARCHITECTURE.md"
HEADER = "| layer | app | may import |"
ROW = re.compile(r"^\| (\d+) \| `(\w+)`(?: \(planned\))? \| (.*) \|$")


def read_table(text: str) -> dict[str, tuple[int, set[str]]]:
    """app -> (layer, apps it may import), from the table under HEADER."""
    lines = text.splitlines()
    start = lines.index(HEADER) + 2  # skip the header and the |---| line
    table = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        match = ROW.match(line)
        assert match, f"docs/ARCHITECTURE.md: cannot read the layer row {line!r}"
        layer, app, allowed = match.groups()
        table[app] = (int(layer), set(re.findall(r"`(\w+)`", allowed)))
    return table


LAYERS = read_table(DOC.read_text(encoding="utf-8"))


def imported_modules(tree: ast.AST, module: str, is_package: bool):
    """(line, dotted name) of every import anywhere in the module, relative ones resolved;
    `from package import name` yields package.name (name may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if alias.name != "*" else base


def app_of(dotted: str) -> str | None:
    """The app a dotted module name belongs to; "project" for the project-level modules;
    None outside the package."""
    parts = dotted.split(".")
    if parts[0] != "buurtkompas":
        return None
    if len(parts) == 1:
        return "project"
    return parts[1] if (PACKAGE / parts[1]).is_dir() else "project"


def may_import(importer: str, imported: str) -> bool:
    if importer == "project" or imported == importer:
        return True
    if imported == "project":
        return False  # apps never import urls, settings, cli or wsgi
    return imported in LAYERS.get(importer, (0, set()))[1]


def violations(source: str, path: str) -> list[str]:
    """Wrong-way imports of one module, as "path:line: app imports dotted.name"."""
    module = path.removesuffix(".py").replace("/", ".")
    is_package = module.endswith(".__init__")
    module = module.removesuffix(".__init__")
    importer = app_of(module)
    found = []
    for line, dotted in imported_modules(ast.parse(source, path), module, is_package):
        imported = app_of(dotted)
        if imported is not None and not may_import(importer, imported):
            found.append((path, line, importer, dotted))
    return found


def modules():
    for file in sorted(PACKAGE.rglob("*.py")):
        relative = file.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative:
            yield relative, file.read_text(encoding="utf-8")


def wrong_way_imports() -> list[tuple]:
    return [v for path, source in modules() for v in violations(source, path)]


def test_it_finds_no_import_that_runs_the_wrong_way():
    found = [
        f"{path}:{line}: {importer} imports {dotted}"
        for path, line, importer, dotted in wrong_way_imports()
    ]
    assert found == [], "imports against the layers of docs/ARCHITECTURE.md:\n" + "\n".join(found)


def test_it_gives_every_installed_app_a_layer():
    ours = [
        name.split(".")[1] for name in settings.INSTALLED_APPS if name.startswith("buurtkompas.")
    ]
    assert ours, "no buurtkompas apps found in INSTALLED_APPS"
    missing = [app for app in ours if app not in LAYERS]
    assert missing == [], f"give these apps a row in the layer table of {DOC.name}"


def test_it_lets_an_app_import_exactly_the_apps_of_lower_layers():
    """The "may import" column agrees with the layer numbers; feature apps share layer 9 and
    therefore never import each other."""
    for app, (layer, allowed) in LAYERS.items():
        lower = {other for other, (their, _) in LAYERS.items() if their < layer}
        assert allowed == lower, (app, sorted(allowed ^ lower))


def test_it_catches_wrong_way_imports_of_every_kind():
    source = (
        "import buurtkompas.workspaces.models\n"
        "from buurtkompas.regions.models import Region\n"
        "from buurtkompas import residents\n"
        "from ..visits import services\n"
        "from . import selectors\n"
        "from buurtkompas.urls import urlpatterns\n"
        "\n"
        "def later():\n"
        "    from buurtkompas.buurtwerk.models import Initiative\n"
    )
    found = violations(source, "buurtkompas/atlas/community.py")
    assert [(line, dotted) for _path, line, _app, dotted in found] == [
        (1, "buurtkompas.workspaces.models"),
        (3, "buurtkompas.residents"),
        (4, "buurtkompas.visits.services"),
        (6, "buurtkompas.urls.urlpatterns"),
        (9, "buurtkompas.buurtwerk.models.Initiative"),
    ]


def test_it_keeps_feature_apps_apart_and_lets_the_project_import_anything():
    feature = "from buurtkompas.buurtwerk.models import Initiative\n"
    assert violations(feature, "buurtkompas/visits/services.py")
    assert not violations(feature, "buurtkompas/buurtwerk/views/dashboard.py")
    assert not violations(feature, "buurtkompas/urls.py")
    relative = "from ...residents.models import Contact\n"
    assert not violations(relative, "buurtkompas/buurtwerk/views/dashboard.py")
    package = "from . import models\nfrom .. import workspaces\n"
    assert [f[3] for f in violations(package, "buurtkompas/audit/__init__.py")] == [
        "buurtkompas.workspaces"
    ]
