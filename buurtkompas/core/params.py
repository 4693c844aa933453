"""Reading ids and search words from a request, the same way everywhere.

Every value that names a record by id goes through `record_id()` before it reaches a query, so
a huge, negative or non-numeric id is "no such record" rather than a database error (SQLite
cannot even bind an integer beyond 64 bits). Every search goes through `search_text()`, so a
pasted novel becomes its first `SEARCH_MAX` characters instead of a LIKE pattern the database
refuses. A NUL character never gets this far: `core.middleware.RefuseNulMiddleware` answers 400.
"""

import re

from django.http import HttpRequest

# Ids are positive and fit a signed 64-bit integer (a BigAutoField on SQLite and PostgreSQL).
ID_MAX = 2**63 - 1
SEARCH_MAX = 100  # characters of a search query that are used; the search fields allow as many

WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def is_whole_number(value) -> bool:
    """Whether `value` is written as a whole number (ASCII digits, an optional minus sign)."""
    return WHOLE_NUMBER.fullmatch(str(value).strip()) is not None


def record_id(value) -> int | None:
    """The id written in `value`, or None when it cannot be the id of any record."""
    text = str(value).strip()
    if WHOLE_NUMBER.fullmatch(text) is None or len(text) > len(str(ID_MAX)):
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def record_ids(values) -> list[int]:
    """The ids written in `values`; values that cannot be an id are left out."""
    return [number for number in map(record_id, values) if number is not None]


def query_id(request: HttpRequest, name: str) -> int | None:
    """The id in the query parameter `name` (`?initiatief=12`), or None."""
    return record_id(request.GET.get(name, ""))


def search_text(value) -> str:
    """Search words as every search uses them: trimmed, at most SEARCH_MAX characters."""
    return str(value or "").strip()[:SEARCH_MAX].strip()


def search_query(request: HttpRequest, name: str = "q") -> str:
    """The search words in the query parameter `name`, trimmed to SEARCH_MAX characters."""
    return search_text(request.GET.get(name, ""))
