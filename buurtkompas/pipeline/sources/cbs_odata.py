"""A small client for the CBS OData v3 API: downloads a table into a folder that `kwb` reads.

Paging: CBS serves at most 10,000 rows per request (a larger unpaged query is refused with
HTTP 500). Every collection is read page by page: we follow `odata.nextLink` when the server
gives one, and otherwise page with $top/$skip until a short page comes back. That includes the
WijkenEnBuurten dimension, which has more than 10,000 entries once buurten are in the table.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError

PAGE_SIZE = 10_000
TIMEOUT_S = 60
API = "CBS OData API"
# Written as `<name>.json`; `kwb` reads TableInfos, DataProperties and WijkenEnBuurten as
# metadata and TypedDataSet as the one data file.
METADATA = ("TableInfos", "DataProperties", "WijkenEnBuurten")


def download_table(
    base: str, table: str, target: Path, *, row_filter: str = "", page_size: int = PAGE_SIZE
) -> Path:
    """Write TableInfos, DataProperties, WijkenEnBuurten and TypedDataSet as JSON files."""
    target.mkdir(parents=True, exist_ok=True)
    base = base.rstrip("/")
    for name in METADATA:
        write(target / f"{name}.json", fetch_all(base, table, name, page_size=page_size))
    rows = fetch_all(base, table, "TypedDataSet", row_filter=row_filter, page_size=page_size)
    if not rows:
        where = f" for $filter {row_filter!r}" if row_filter else ""
        raise InputError(API, f"CBS returned no rows of {table}{where}")
    write(target / "TypedDataSet.json", {"value": rows})
    return target


def fetch_all(
    base: str, table: str, collection: str, *, row_filter: str = "", page_size: int = PAGE_SIZE
) -> list[dict]:
    """Every row of one collection of a table, page by page."""
    query = {"$top": str(page_size), "$skip": "0"}
    if row_filter:
        query["$filter"] = row_filter
    url, rows = collection_url(base, table, collection, query), []
    while url:
        values, next_link = read_page(url)
        rows.extend(values)
        if next_link:
            if next_link == url:
                raise InputError(API, f"CBS sent a nextLink back to the same page: {shown(url)}")
            url = next_link
        elif len(values) == page_size:
            query["$skip"] = str(len(rows))
            url = collection_url(base, table, collection, query)
        else:
            url = ""
    return rows


def collection_url(base: str, table: str, collection: str, query: dict) -> str:
    params = urllib.parse.urlencode(query, safe="$'(),", quote_via=urllib.parse.quote)
    return f"{base}/{table}/{collection}?{params}"


def read_page(url: str) -> tuple[list[dict], str]:
    page = get_json(url)
    values = page.get("value") if isinstance(page, dict) else None
    if not isinstance(values, list):
        raise InputError(API, f"CBS answered without a 'value' list for {shown(url)}")
    return values, page.get("odata.nextLink") or ""


def get_json(url: str):
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "buurtkompas"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        message = f"CBS answered HTTP {exc.code} {exc.reason}{error_detail(exc)}"
        raise InputError(API, f"{message} for {shown(url)}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(API, f"could not reach CBS at {shown(url)} ({reason})") from None
    except ValueError as exc:  # invalid JSON or not UTF-8
        raise InputError(API, f"CBS sent no valid JSON for {shown(url)} ({exc})") from None


def error_detail(exc: urllib.error.HTTPError) -> str:
    """The message of an OData error body ({"odata.error": {"message": {"value": ...}}})."""
    try:
        body = json.loads(exc.read().decode("utf-8"))
        return f": {body['odata.error']['message']['value']}"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def shown(url: str) -> str:
    return urllib.parse.unquote(url)


def write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
