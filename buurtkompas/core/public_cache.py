"""Public pages computed once per data version (issue 13).

A view decorated with `@cacheable` is a page that reads only public data. For an anonymous
GET or HEAD (no session cookie, no cookie but the language) its answer is kept whole in the
cache (`settings.CACHES["default"]`: a file cache by default, Redis with `REDIS_URL`), keyed by
the public version, the language and the path with its normalised query. The body is stored
compressed (gzip, and Brotli as well), with a strong ETag and Last-Modified; a request that
sends the ETag back gets 304. Answers carry `Cache-Control: public, max-age=…,
stale-while-revalidate=…` and no `Vary: Cookie`: shared caches and CDNs may keep them (they
must skip the cache for requests with a session cookie: docs/deployment.md).

The version is one row (`core.PublicVersion`), read with one primary-key query per request.
Whatever changes a public page (an import and its recompute, a team's public listing, a
public knowledge item) calls `bump()` inside its own transaction: from that commit on every
app server computes the page again, on its first request.
"""

import gzip
import hashlib
import pickle
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import http_date, parse_etags

from buurtkompas.core.models import PublicVersion

try:  # a maintained binding of Google's library (PyPI "Brotli"); gzip alone without it
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

ROW = 1
# Answers of older versions are never asked for again; Redis keeps no key for ever, so they go.
KEEP_SECONDS = 24 * 3600
LANGUAGES = {code for code, _name in settings.LANGUAGES}
VERSION_SQL = "SELECT counter, changed_at FROM core_publicversion WHERE id = %s"
# Headers of the computed answer that are not kept: set again per answer, or never shared.
NOT_KEPT = {
    "set-cookie", "vary", "content-length", "content-encoding", "etag", "last-modified",
    "cache-control", "date", "expires",
}  # fmt: skip


def cacheable(view):
    """Mark a view whose anonymous answers may be kept per public version."""
    view.public_cache = True
    return view


def bump() -> None:
    """A public page changed: every cached answer is stale from this transaction's commit."""
    updated = PublicVersion.objects.filter(pk=ROW).update(
        counter=F("counter") + 1, changed_at=timezone.now()
    )
    if not updated:
        PublicVersion.objects.get_or_create(pk=ROW, defaults={"counter": 1})


def current() -> tuple[int, float]:
    """(counter, time of the last change) of the public version: one primary-key read."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [ROW])
        row = cursor.fetchone()
    if row is None:
        with transaction.atomic():
            PublicVersion.objects.get_or_create(pk=ROW)
        return current()
    changed = row[1]
    if isinstance(changed, str):  # SQLite hands back the text it stored
        changed = datetime.fromisoformat(changed)
    return row[0], changed.timestamp()


def anonymous(request) -> bool:
    """No session, and no cookie that could change the page (messages, a CSRF form)."""
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return not (set(request.COOKIES) - allowed)


def cache_key(request, version: int, language: str) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    origin = f"{request.scheme}://{request.get_host()}"
    raw = f"{version}|{language}|{origin}|{request.path}|{query}"
    return "public:" + hashlib.sha256(raw.encode()).hexdigest()


def language_of(request) -> str:
    """The language LanguageMiddleware will choose (it runs later, inside this middleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGES else settings.LANGUAGE_CODE


def headers_for(entry: dict) -> dict:
    return {
        "ETag": entry["etag"],
        "Last-Modified": http_date(entry["modified"]),
        "Cache-Control": (
            f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE}, "
            f"stale-while-revalidate={settings.PUBLIC_CACHE_STALE_SECONDS}"
        ),
        "Vary": "Accept-Encoding",
    }


def encodings(request) -> set[str]:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return {part.split(";")[0].strip().lower() for part in accepted.split(",")}


def from_entry(request, entry: dict, response: HttpResponse | None = None) -> HttpResponse:
    """The kept answer: 304 when the client has it, else the body in the best encoding. With
    `response` (the answer just computed, which every middleware has seen) it is changed in
    place, so it keeps the headers the other middleware added."""
    sent = request.META.get("HTTP_IF_NONE_MATCH")
    if response is None and sent and (sent.strip() == "*" or entry["etag"] in parse_etags(sent)):
        response = HttpResponseNotModified()
    else:
        accepted = encodings(request)
        if "br" in accepted and entry.get("br") is not None:
            body, encoding = entry["br"], "br"
        elif "gzip" in accepted:
            body, encoding = entry["gzip"], "gzip"
        else:
            body, encoding = gzip.decompress(entry["gzip"]), None
        if response is None:
            response = HttpResponse(status=200)
            for name, value in entry["headers"].items():
                response[name] = value
        response.content = b"" if request.method == "HEAD" else body
        response["Content-Length"] = str(len(body))
        if "Content-Encoding" in response:
            del response["Content-Encoding"]
        if encoding:
            response["Content-Encoding"] = encoding
    for name, value in headers_for(entry).items():
        response[name] = value
    response.public_cache_hit = True
    return response


def entry_of(response, modified: float) -> dict:
    body = response.content
    if response.get("Content-Encoding") == "gzip":  # a view that compressed itself (gzip_page)
        body = gzip.decompress(body)
    return {
        "etag": '"' + hashlib.sha256(body).hexdigest()[:40] + '"',
        "modified": modified,
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        "br": brotli.compress(body, quality=5) if brotli else None,
        # the other middleware's headers too (CSP, X-Frame-Options, …): a kept answer is served
        # before them
        "headers": {k: v for k, v in response.items() if k.lower() not in NOT_KEPT},
    }


class PublicCacheMiddleware:
    """Serves and keeps the answers of `@cacheable` views for anonymous visitors. First in
    MIDDLEWARE: a kept answer is served before any other middleware runs (it carries the
    headers they set when it was computed), and a computed one is seen after all of them (the
    session's `Vary: Cookie` included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kept = self.lookup(request)
        if kept is not None:
            return kept
        response = self.get_response(request)
        key = getattr(request, "public_cache_key", None)
        if key is None:
            return response
        keep = (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Encoding", "gzip") == "gzip"
            and "private" not in response.get("Cache-Control", "")
        )
        if not keep:
            return response
        entry = entry_of(response, request.public_cache_modified)
        cache.set(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), KEEP_SECONDS)
        return from_entry(request, entry, response)

    def lookup(self, request) -> HttpResponse | None:
        """The kept answer, or None (then the request goes on, marked to be kept if it may)."""
        if request.method not in ("GET", "HEAD") or not anonymous(request):
            return None
        try:
            match = resolve(request.path_info)
            request.get_host()  # a host not in ALLOWED_HOSTS: Django answers it further on
        except (Resolver404, DisallowedHost):
            return None
        if not getattr(match.func, "public_cache", False):
            return None
        version, modified = current()
        key = cache_key(request, version, language_of(request))
        kept = cache.get(key)
        if kept is not None:
            return from_entry(request, pickle.loads(kept))
        request.public_cache_key, request.public_cache_modified = key, modified
        return None
