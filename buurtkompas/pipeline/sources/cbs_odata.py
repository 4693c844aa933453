"""A small client for the CBS OData v3 API: downloads a table into a folder that `kwb` reads.

Paging: CBS serves at most 10,000 rows per request (a larger unpaged query is refused with
HTTP 500). Every collection is read page by page: we follow `odata.nextLink` when the server
gives one, and otherwise page with $top/$skip until a short page comes back. That includes the
WijkenEnBuurten dimension, which has more than 10,000 entries once buurten are in the table.
"""

import json
import urllib.parse
from pathlib import Path

from buurtkompas.pipeline import downloads
from buurtkompas.pipeline.sources.base import InputError

PAGE_SIZE = 10_000
TIMEOUT_S = 60
API = "CBS OData API"
# Written as `<name>.json`; `kwb` reads TableInfos, DataProperties and WijkenEnBuurten as
# metadata and TypedDataSet as the one data file.
METADATA = ("TableInfos", "DataProperties", "WijkenEnBuurten")


def download_table(
    base: str,
    table: str,
    target: Path,
    *,
    row_filter: str = "",
    page_size: int = PAGE_SIZE,
    store: downloads.PageStore | None = None,
    progress=None,
    metadata=METADATA,
) -> Path:
    """Write the metadata collections and TypedDataSet as JSON files into `target`.

    With a `store`, every page is kept in the download folder and a rerun reuses it;
    `progress(collection)` gives a `downloads.Progress` per collection.
    """
    target.mkdir(parents=True, exist_ok=True)
    base = base.rstrip("/")
    options = {"page_size": page_size, "store": store}
    for name in metadata:
        rows = fetch_all(base, table, name, progress=progress and progress(name), **options)
        write(target / f"{name}.json", rows)
    rows = fetch_all(
        base,
        table,
        "TypedDataSet",
        row_filter=row_filter,
        progress=progress and progress("TypedDataSet"),
        **options,
    )
    if not rows:
        where = f" for $filter {row_filter!r}" if row_filter else ""
        raise InputError(API, f"CBS returned no rows of {table}{where}")
    write(target / "TypedDataSet.json", {"value": rows})
    return target


def fetch_all(
    base: str,
    table: str,
    collection: str,
    *,
    row_filter: str = "",
    page_size: int = PAGE_SIZE,
    store: downloads.PageStore | None = None,
    progress: downloads.Progress | None = None,
) -> list[dict]:
    """Every row of one collection of a table, page by page."""
    query = {"$top": str(page_size), "$skip": "0"}
    if row_filter:
        query["$filter"] = row_filter
    url, rows = collection_url(base, table, collection, query), []
    while url:
        values, next_link, count = read_page(url, store)
        rows.extend(values)
        if progress is not None:
            progress.update(len(values), count)
        if next_link:
            if next_link == url:
                raise InputError(API, f"CBS sent a nextLink back to the same page: {shown(url)}")
            url = next_link
        elif len(values) == page_size:
            query["$skip"] = str(len(rows))
            url = collection_url(base, table, collection, query)
        else:
            url = ""
    if progress is not None:
        progress.done()
    return rows


def collection_url(base: str, table: str, collection: str, query: dict) -> str:
    params = urllib.parse.urlencode(query, safe="$'(),", quote_via=urllib.parse.quote)
    return f"{base}/{table}/{collection}?{params}"


def read_page(
    url: str, store: downloads.PageStore | None = None
) -> tuple[list[dict], str, int | None]:
    page = store.get(url, API, "CBS") if store else downloads.get_json(url, API, "CBS")
    values = page.get("value") if isinstance(page, dict) else None
    if not isinstance(values, list):
        raise InputError(API, f"CBS answered without a 'value' list for {shown(url)}")
    count = page.get("odata.count")
    total = int(count) if isinstance(count, int | str) and str(count).isdigit() else None
    return values, page.get("odata.nextLink") or "", total


def shown(url: str) -> str:
    return urllib.parse.unquote(url)


def write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
