"""Resumable page downloads with a progress line, for the online imports (CBS OData, PDOK).

Every page of a paged answer is saved as one file under the download folder
(`settings.DOWNLOAD_DIR`), named by the sha256 of its URL. A page is written to a temporary name
and renamed when complete, so a file that exists is a whole page: a rerun after an interruption
reads the pages it already has and fetches only the rest. The pages are raw answers; nothing
here touches the database.
"""

import hashlib
import json
import os
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError

TIMEOUT_S = 120


class Offline(InputError):
    """The host could not be reached at all (no network, DNS failure, connection refused)."""

    def __init__(self, url: str, reason):
        self.host = urllib.parse.urlsplit(url).netloc
        self.reason = reason
        super().__init__(url, f"no connection to {self.host}: {reason}")


@dataclass
class PageStore:
    """Pages by URL under `folder`; counts what was fetched and what was already there."""

    folder: Path
    fetched: int = 0
    reused: int = 0
    log: list = field(default_factory=list)

    def path_for(self, url: str) -> Path:
        return Path(self.folder) / (hashlib.sha256(url.encode()).hexdigest()[:40] + ".json")

    def get(self, url: str, service: str, who: str = "") -> dict:
        """The page at `url`: from the folder if a complete copy is there, else downloaded."""
        path = self.path_for(url)
        if path.exists():
            self.reused += 1
            return json.loads(path.read_text(encoding="utf-8"))
        page = get_json(url, service, who)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # only a complete page gets the final name
        self.fetched += 1
        return page

    @property
    def pages(self) -> int:
        return self.fetched + self.reused


class Progress:
    """One line on stderr, rewritten in place: "<label>: 12,000 of 14,512 rows, 2 pages"."""

    def __init__(self, label: str, stream=None):
        self.label, self.stream = label, stream or sys.stderr
        self.rows = self.pages = 0
        self.total: int | None = None

    def update(self, rows: int, total: int | None = None) -> None:
        self.rows += rows
        self.pages += 1
        self.total = total if total is not None else self.total
        of = f" of {self.total:,}" if self.total is not None else ""
        self.stream.write(f"\r{self.label}: {self.rows:,}{of} rows, {self.pages} pages")
        self.stream.flush()

    def done(self) -> None:
        if self.pages:
            self.stream.write("\n")


def get_json(url: str, service: str, who: str = ""):
    """GET a JSON answer; HTTP errors name the status and the service's own error message.

    `service` names the input in errors ("CBS OData API"), `who` the publisher in the message."""
    who = who or service
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "buurtkompas"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        message = f"{who} answered HTTP {exc.code} {exc.reason}{error_detail(exc)}"
        raise InputError(service, f"{message} for {shown(url)}") from None
    except urllib.error.URLError as exc:
        if is_offline(exc.reason):
            raise Offline(url, exc.reason) from None
        raise InputError(service, f"could not reach {who} at {shown(url)} ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(service, f"could not read {shown(url)} ({exc})") from None
    except ValueError as exc:  # invalid JSON or not UTF-8
        raise InputError(service, f"{who} sent no valid JSON for {shown(url)} ({exc})") from None


def is_offline(reason) -> bool:
    return isinstance(reason, socket.gaierror | ConnectionRefusedError | ConnectionResetError) or (
        isinstance(reason, OSError) and reason.errno in (101, 113)  # network/host unreachable
    )


def error_detail(exc: urllib.error.HTTPError) -> str:
    """The message in an error body: OData v3 `{"odata.error": {"message": {"value": …}}}` or
    an RFC 7807 problem (`{"title": …, "detail": …}`, as PDOK's OGC API answers)."""
    try:
        body = json.loads(exc.read().decode("utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(body, dict):
        return ""
    odata = body.get("odata.error")
    if isinstance(odata, dict) and isinstance(odata.get("message"), dict):
        return f": {odata['message'].get('value', '')}"
    if body.get("detail"):
        return f": {body['detail']}"
    return ""


def shown(url: str) -> str:
    return urllib.parse.unquote(url)
