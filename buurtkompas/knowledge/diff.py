"""A readable diff between two versions of an item: per field, the words removed and added."""

import difflib
import re
from dataclasses import dataclass

from buurtkompas.knowledge.models import Item

TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class FieldChange:
    name: str
    label: str
    parts: list[tuple[str, str]]  # ("same" | "removed" | "added", text)


def label_of(name: str) -> str:
    try:
        return str(Item._meta.get_field(name).verbose_name)
    except Exception:  # themes, regions: not model fields
        return name


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            parts.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("added", "".join(b[j1:j2])))
    return parts


def changes(old: dict, new: dict, labels: dict | None = None) -> list[FieldChange]:
    """The fields that differ between two snapshots (services.snapshot), in field order."""
    found = []
    for name in dict.fromkeys([*new, *old]):
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            label = (labels or {}).get(name) or label_of(name)
            found.append(FieldChange(name, label, word_diff(before, after)))
    return found
