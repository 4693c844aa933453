"""On erasure, the resident's name is replaced in the team's free-text fields.

A logbook note "spoke with Zoë Jansen about draughts" would otherwise keep the name after the
resident's own record was erased. Every registered module (`residents.registry`) declares its
free-text fields; every record of the team is searched there for the name as recorded on the
contact: whole words, case-insensitive, with or without diacritics ("Zoë", "zoe", "ZOË") and with
any white space between its words. Each occurrence becomes `MARKER`.

- The marker is stored in Dutch, the language the teams write their notes in, so the sentence
  around it still reads: "[naam verwijderd]". Where a field's maximum length does not leave room
  for it, the short `SHORT_MARKER` ("[…]", never longer than a name that is searched) is used.
- A name shorter than `MIN_LENGTH` characters, or one that is a common word or a form of
  address ("Oma", "buurman"), is NOT searched: it would remove other words from the texts.
  The erasure page says so, so the coordinator checks the texts by hand; the audit records it.
- Only the name as recorded is searched, not its parts: a first name alone may be someone else.
- The coordinator sees, before confirming, how many occurrences in which modules will be
  replaced (counts only: never the texts); the audit records the same counts, never the name.
- The resident's own contact row is left out: its notes are erased as a whole.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps

from buurtkompas.residents import registry
from buurtkompas.residents.models import Contact

MARKER = "[naam verwijderd]"
SHORT_MARKER = "[…]"
MIN_LENGTH = 3

TOO_SHORT, COMMON_WORD = "too_short", "common_word"

# Names that are everyday words in the teams' notes: searching them would redact other text.
COMMON_WORDS = frozenset(
    """
    aan als bij dan dat die dit door een eens hem het hen hij hun jij jou maar men met mij
    naar nog niet ons ook over toen uit van voor wat wel wie wij zal zei zij zijn zou
    and are but for her him his not she the they this was who you
    oma opa ome oom tante juf meester buur buurman buurvrouw buren meneer mevrouw moeder vader
    mama papa zus zuster broer kind kinderen bewoner bewoonster bewoners vriend vriendin
    """.split()
)


def fold(text: str) -> tuple[str, list[int]]:
    """`text` without diacritics and case, and for each of its characters the index of the
    character of `text` it came from (plus one past the end)."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for piece in part.casefold():
                folded.append(piece)
                origin.append(index)
    origin.append(len(text))
    return "".join(folded), origin


def name_pattern(name: str) -> tuple[re.Pattern | None, str]:
    """(the pattern to search, "") or (None, why the name is not searched)."""
    words = fold(name)[0].split()
    if not words:
        return None, ""
    if sum(char.isalnum() for word in words for char in word) < MIN_LENGTH:
        return None, TOO_SHORT
    if " ".join(words) in COMMON_WORDS:
        return None, COMMON_WORD
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"), ""


def replace(text: str, pattern: re.Pattern, limit: int | None = None) -> tuple[str, int]:
    """(`text` with every occurrence of the name replaced, how many)."""
    folded, origin = fold(text)
    spans = [(origin[m.start()], origin[m.end()]) for m in pattern.finditer(folded)]
    if not spans:
        return text, 0
    for marker in (MARKER, SHORT_MARKER):
        parts, end = [], 0
        for start, stop in spans:
            parts += [text[end:start], marker]
            end = stop
        new = "".join(parts) + text[end:]
        if limit is None or len(new) <= limit:
            break
    return new, len(spans)


@dataclass
class Redaction:
    """What the search found: per module key, per model label, the number of occurrences."""

    refused: str = ""
    searched: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(n for per_model in self.counts.values() for n in per_model.values())

    def per_module(self) -> list[dict]:
        """For the erasure page: module titles with counts, in the order of the modules."""
        titles = {module.key: module.title for module in registry.modules()}
        return [
            {"title": titles[key], "count": sum(per_model.values()), "kinds": kinds(per_model)}
            for key, per_model in self.counts.items()
        ]

    def audit_data(self) -> dict:
        """Counts only, never the name or a text."""
        if self.refused:
            return {"name_not_redacted": self.refused}
        if not self.searched:
            return {}
        found = [f"{key}: {sum(c.values())}" for key, c in self.counts.items()]
        return {"name_redacted": self.total, **({"redacted_in": found} if found else {})}


def kinds(per_model: dict[str, int]) -> list[tuple[str, int]]:
    return [(apps.get_model(label)._meta.verbose_name_plural, n) for label, n in per_model.items()]


def search(contact: Contact, *, write: bool = False) -> Redaction:
    """Find (and with `write`, replace) the contact's name in the team's free-text fields."""
    pattern, refused = name_pattern(contact.name)
    result = Redaction(refused=refused, searched=pattern is not None)
    if pattern is None:
        return result
    for module in registry.modules():
        for model, fields in module.free_text:
            found = search_model(contact, model, fields, pattern, write=write)
            if found:
                result.counts.setdefault(module.key, {})[model._meta.label] = found
    return result


def search_model(contact: Contact, model, fields, pattern: re.Pattern, *, write: bool) -> int:
    rows = model.objects.filter(workspace_id=contact.workspace_id)
    if model is Contact:
        rows = rows.exclude(pk=contact.pk)
    limits = [model._meta.get_field(name).max_length for name in fields]
    found = 0
    for pk, *values in rows.values_list("pk", *fields).iterator():
        changes = {}
        for name, value, limit in zip(fields, values, limits, strict=True):
            new, count = replace(value or "", pattern, limit)
            if count:
                changes[name], found = new, found + count
        if changes and write:
            model.objects.filter(pk=pk).update(**changes)
    return found


def preview(contact: Contact) -> Redaction:
    return search(contact, write=False)


def redact_name(contact: Contact) -> Redaction:
    return search(contact, write=True)
