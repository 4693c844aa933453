"""A small client for the CBS OData v3 API: downloads a table into a folder that `kwb` reads.

Paging: CBS serves at most 10,000 rows per request; we follow `odata.nextLink` when the server
gives one and otherwise page with $top/$skip until a short page comes back.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError

PAGE_SIZE = 10_000
TIMEOUT_S = 60


def get_json(url: str) -> dict:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "buurtkompas"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"CBS answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"could not reach CBS ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(url, f"CBS sent invalid JSON ({exc.msg})") from None


def fetch_rows(base: str, table: str, *, row_filter: str = "", page_size: int = PAGE_SIZE):
    query = {"$top": str(page_size), "$skip": "0"}
    if row_filter:
        query["$filter"] = row_filter
    url = f"{base}/{table}/TypedDataSet?{urllib.parse.urlencode(query)}"
    rows, skip = [], 0
    while url:
        page = get_json(url)
        values = page.get("value", [])
        rows.extend(values)
        skip += len(values)
        if page.get("odata.nextLink"):
            url = page["odata.nextLink"]
        elif len(values) == page_size:
            query["$skip"] = str(skip)
            url = f"{base}/{table}/TypedDataSet?{urllib.parse.urlencode(query)}"
        else:
            url = ""
    return rows


def download_table(
    base: str, table: str, target: Path, *, row_filter: str = "", page_size: int = PAGE_SIZE
) -> Path:
    """Write TableInfos, DataProperties, WijkenEnBuurten and TypedDataSet as JSON files."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("TableInfos", "DataProperties", "WijkenEnBuurten"):
        write(target / f"{name}.json", get_json(f"{base}/{table}/{name}").get("value", []))
    rows = fetch_rows(base, table, row_filter=row_filter, page_size=page_size)
    write(target / "TypedDataSet.json", {"value": rows})
    return target


def write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
