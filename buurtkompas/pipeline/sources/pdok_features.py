"""A small client for PDOK's OGC API Features: one collection into one GeoJSON file.

PDOK serves the CBS wijk- en buurtkaart per year at `PDOK_OGC_URL` (collections `gemeenten`,
`wijken`, `buurten`) with GoKoala: GeoJSON pages in WGS84 (CRS84) of at most `limit` features,
a `links` list whose `rel="next"` entry is the next page (cursor paging), `numberReturned`, and no
`numberMatched`. Errors are RFC 7807 problems (`{"title", "detail", "status"}`). The features are
written into one FeatureCollection that the `boundaries` source reads like a downloaded file.
"""

import json
from pathlib import Path

from buurtkompas.pipeline import downloads
from buurtkompas.pipeline.sources.base import InputError

API = "PDOK OGC API"
LIMIT = 1000
LEVEL_COLLECTIONS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


def download_collection(
    base: str,
    collection: str,
    target: Path,
    *,
    year: int,
    store: downloads.PageStore,
    progress: downloads.Progress | None = None,
    limit: int = LIMIT,
) -> tuple[Path, int]:
    """Write every feature of `collection` to `target`; returns (path, water parts left out).

    The gemeente layer of the wijk- en buurtkaart has a separate water part for some gemeenten
    (`water` = "JA") beside the land part with the same code; only land parts are kept.
    """
    url = f"{base.rstrip('/')}/collections/{collection}/items?f=json&limit={limit}"
    features, water, seen = [], 0, set()
    while url:
        if url in seen:
            raise InputError(API, f"PDOK sent a next link back to a page it gave: {url}")
        seen.add(url)
        page = store.get(url, API, "PDOK")
        found = page_features(url, page)
        kept = [
            f for f in found if str((f.get("properties") or {}).get("water", "")).upper() != "JA"
        ]
        water += len(found) - len(kept)
        features.extend(kept)
        if progress:
            progress.update(len(found), page.get("numberMatched"))
        url = next_link(page)
    if progress:
        progress.done()
    target.parent.mkdir(parents=True, exist_ok=True)
    collection_file = {
        "type": "FeatureCollection",
        "metadata": {"year": year},
        "features": features,
    }
    target.write_text(json.dumps(collection_file, ensure_ascii=False), encoding="utf-8")
    return target, water


def page_features(url: str, page) -> list[dict]:
    if not isinstance(page, dict) or page.get("type") != "FeatureCollection":
        raise InputError(API, f"PDOK answered without a FeatureCollection for {url}")
    features = page.get("features")
    if not isinstance(features, list):
        raise InputError(API, f"PDOK answered without a 'features' list for {url}")
    return features


def next_link(page: dict) -> str:
    for link in page.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return str(link["href"])
    return ""
