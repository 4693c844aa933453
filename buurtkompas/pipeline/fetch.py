"""Download a source file from a URL (e.g. the CBS/PDOK wijk- en buurtkaart) into a folder.

Only http(s). The file keeps the name at the end of the URL, so year and format detection work
as for a local file; the archive then stores it by checksum like any other input.
"""

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError

TIMEOUT_S = 120
MAX_BYTES = 2 * 1024**3  # a full GeoPackage of all buurten is a few hundred MB


def is_url(value: str) -> bool:
    return urllib.parse.urlsplit(value).scheme in ("http", "https")


def file_name(url: str) -> str:
    name = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).name
    if not name or "." not in name:
        raise InputError(
            url,
            "the URL does not end in a file name with an extension "
            "(.geojson, .gpkg, .csv, .json, .gz)",
        )
    return name


def download(url: str, folder: Path) -> Path:
    target = Path(folder) / file_name(url)
    request = urllib.request.Request(url, headers={"User-Agent": "buurtkompas"})
    try:
        with (
            urllib.request.urlopen(request, timeout=TIMEOUT_S) as response,
            open(target, "wb") as out,
        ):
            copy_limited(response, out, url)
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"the server answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(url, f"could not download ({reason})") from None
    return target


def copy_limited(response, out, url: str) -> None:
    copied = 0
    while block := response.read(1 << 20):
        copied += len(block)
        if copied > MAX_BYTES:
            raise InputError(url, f"the file is larger than {MAX_BYTES // 1024**2} MB")
        out.write(block)
    if copied == 0:
        raise InputError(url, "the server sent an empty file")
