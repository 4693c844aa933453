"""The starting content of the knowledge base: background items and methods written for
Buurtkompas from public sources, one JSON file per item in `knowledge/content/`.

`load()` is idempotent: an item is found by its file name (slug) among the items without a
network; a new file adds a published public item, a changed file changes the item and keeps a
version, an unchanged file changes nothing. A file with a mistake is refused with its name and
the field, and nothing of that run is written."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from buurtkompas.audit.services import log_action
from buurtkompas.core import public_cache
from buurtkompas.knowledge import search, services
from buurtkompas.knowledge.models import (
    TEXT_FIELDS,
    ChainStage,
    Item,
    Kind,
    Licence,
    Status,
    Theme,
    Visibility,
)

FOLDER = Path(__file__).parent / "content"
CREDIT = "Buurtkompas"
REQUIRED = ("slug", "kind", "title", "summary", "chain_stage", "sources")


class ContentError(Exception):
    pass


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def source_line(source: dict) -> str:
    parts = [source.get("title", "").strip()]
    who = ", ".join(str(p) for p in (source.get("publisher"), source.get("year")) if p)
    if who:
        parts.append(who)
    text = ". ".join(p for p in parts if p)
    return f"{text}. {source['url']}" if source.get("url") else text


def read(path: Path) -> dict:
    """The item's fields from one file, checked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ContentError(f"{path.name}: not readable as JSON ({error})") from error
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise ContentError(f"{path.name}: missing {', '.join(missing)}")
    if data["slug"] != path.stem:
        raise ContentError(f"{path.name}: slug {data['slug']!r} differs from the file name")
    checks = {
        "kind": Kind.values,
        "chain_stage": ChainStage.values,
        "licence": Licence.values,
    }
    for key, allowed in checks.items():
        if key in data and data[key] not in allowed:
            raise ContentError(f"{path.name}: {key} {data[key]!r} is not one of {allowed}")
    unknown = [t for t in data.get("themes", []) if t not in Theme.values]
    if unknown:
        raise ContentError(f"{path.name}: unknown themes {unknown}")
    fields = {
        name: data.get(name) or "" for name in TEXT_FIELDS if name not in ("steps", "sources")
    }
    fields["steps"] = "\n".join(data.get("steps") or [])
    fields["sources"] = "\n".join(source_line(s) for s in data["sources"])
    fields.update(
        kind=data["kind"],
        chain_stage=data["chain_stage"],
        licence=data.get("licence", Licence.CC_BY),
        author_name=CREDIT,
    )
    return {"slug": data["slug"], "fields": fields, "themes": data.get("themes", [])}


@transaction.atomic
def load(folder: Path = FOLDER) -> Report:
    report = Report()
    files = sorted(folder.glob("*.json"))
    entries = [read(path) for path in files]  # every file checked before anything is written
    for entry in entries:
        slug, fields, themes = entry["slug"], entry["fields"], entry["themes"]
        item = Item.objects.filter(network__isnull=True, slug=slug).first()
        if item is None:
            item = Item(
                network=None,
                slug=slug,
                status=Status.PUBLISHED,
                visibility=Visibility.PUBLIC,
                published_at=timezone.now(),
                **fields,
            )
            try:
                item.full_clean(exclude=["network", "author", "quality_by"])
            except ValidationError as error:
                raise ContentError(f"{slug}.json: {error.message_dict}") from error
            item.save()
            services._set_tags(item, themes, None)
            services._version(actor=None, item=item, note="Startinhoud van Buurtkompas")
            search.reindex(item)
            report.added.append(slug)
            continue
        before = services.snapshot(item)
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        services._set_tags(item, themes, None)
        if services.snapshot(item) == before:
            report.unchanged.append(slug)
            continue
        item.revision += 1
        item.save(update_fields=["revision"])
        services._version(actor=None, item=item, note="Startinhoud bijgewerkt")
        search.reindex(item)
        report.changed.append(slug)
    if report.added or report.changed:
        public_cache.bump()
        log_action(
            actor=None,
            action="knowledge.item.loaded",
            data={"added": len(report.added), "changed": len(report.changed)},
        )
    return report
