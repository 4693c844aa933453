"""Helpers every test module may use, so a new module's test file starts with its tests.

Fixtures live in tests/conftest.py: the personas (`personas`, `team`, `client_as`), `as_user`
(a logged-in client that reads the English UI), `other_team` (another team with its own
coordinator, the outsider) and `resident_with_consent`. Browser tests have
`assert_no_axe_violations` in tests/browser/conftest.py.

    from tests.helpers import NAME, PAYLOAD, page, resident, team_urls, text_of

    url = team_urls("buurtwerk")  # url("activities", team) -> /teams/<id>/activiteiten/
"""

import html
import re
import zlib
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

# A resident's name that occurs nowhere else, to find it back (or make sure it is not there).
NAME = "Zoë Qwertzuiop"
# A script in a text field, and how it must appear in a page: escaped.
PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
ROLES = ("coordinator", "opbouwwerker", "vrijwilliger", "partner")


def team_url(name: str, team, *ids, **query) -> str:
    """The path of a team's page: reverse(name, args=[team.pk, *ids]) and a query string."""
    path = reverse(name, args=[team.pk, *ids])
    return f"{path}?{urlencode(query)}" if query else path


def team_urls(namespace: str):
    """url(name, team, *ids, **query) for the names of one app: team_urls("buurtwerk")."""

    def url(name: str, team, *ids, **query) -> str:
        return team_url(f"{namespace}:{name}", team, *ids, **query)

    return url


def page(response) -> str:
    """The HTML of a response with its character references unescaped (é, “, &), for
    assertions on markup such as 'value="…"' as well as on text."""
    return html.unescape(response.content.decode())


def text_of(response) -> str:
    """The visible text of a response: scripts, styles and tags removed, character references
    unescaped, every run of white space (no-break spaces too) folded into one space."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def title_of(response) -> str:
    """The text of the page's <title>."""
    return html.unescape(response.content.decode().split("<title>")[1].split("</title>")[0])


def resident(team, actor, name: str = NAME, *, consent="contact", given_on=None, **fields):
    """A resident of the team recorded by `actor` through residents.services, with a consent
    (spoken, given today or on `given_on`) for the purpose `consent` (a residents.models.Purpose;
    None: no consent). Other fields (reach, notes, ...) go to contact_create."""
    from buurtkompas.residents.models import Method
    from buurtkompas.residents.services import consent_record, contact_create

    contact = contact_create(actor=actor, workspace=team, name=name, **fields)
    if consent:
        consent_record(
            actor=actor,
            contact=contact,
            purpose=consent,
            given_on=given_on or date.today(),
            method=Method.SPOKEN,
        )
    return contact


def grant_personal_data(team, user, *, by=None) -> None:
    """Let a volunteer of the team see personal data (as a coordinator does on the members
    page); `by` defaults to the team's first coordinator."""
    from buurtkompas.workspaces.models import Membership
    from buurtkompas.workspaces.services import membership_change

    membership = Membership.objects.get(workspace=team, user=user)
    actor = by or Membership.objects.filter(workspace=team, role="coordinator").first().user
    membership_change(
        actor=actor, membership=membership, role=membership.role, sees_personal_data=True
    )


def every_member(team, personas):
    """(label, user) for each role of the team in ROLES, then the volunteer once more after a
    coordinator let them see personal data: for a test of what every member sees. (The
    outsider, a member of another team only, is not among them: they get 404.)"""
    for role in ROLES:
        yield role, personas[role]
    grant_personal_data(team, personas["vrijwilliger"])
    yield "vrijwilliger with personal data", personas["vrijwilliger"]


def count_queries(client, path: str, **query) -> int:
    """How many database queries a GET of this page (which must answer 200) makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, query).status_code == 200
    return len(queries)


PDF_UNESCAPE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"(": b"(", b")": b")", b"\\": b"\\"}


def pdf_streams(pdf: bytes) -> list[bytes]:
    """The content streams of a PDF, decompressed, in file order (fpdf2: one per page, then
    the embedded fonts' maps)."""
    streams = []
    # Cut each stream by its /Length: a compressed stream may itself end in a CR byte.
    for match in re.finditer(rb"/Length (\d+)\b[^>]*>>\s*stream\r?\n", pdf):
        raw = pdf[match.end() : match.end() + int(match.group(1))]
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    return streams


def font_maps(streams: list[bytes]) -> list[dict[int, str]]:
    """Each embedded font's ToUnicode map: 2-byte glyph id -> character."""
    return [
        {int(src, 16): chr(int(dst, 16)) for src, dst in re.findall(rb"<(\w{4})> <(\w{4})>", s)}
        for s in streams
        if b"beginbfchar" in s
    ]


def shown_strings(stream: bytes) -> list[bytes]:
    """The literal strings a content stream shows (`(...) Tj`), unescaped."""
    return [
        re.sub(rb"\\([nrt()\\])", lambda m: PDF_UNESCAPE[m.group(1)], literal)
        for literal in re.findall(rb"\((.*?)(?<!\\)\) Tj", stream, re.S)
    ]


def pdf_text(pdf: bytes) -> str:
    """The text shown in an fpdf2 PDF: literal strings of its content streams, read as
    latin-1 (core font) and through each embedded font's ToUnicode map (2-byte glyph ids)."""
    streams = pdf_streams(pdf)
    maps = font_maps(streams)
    texts = []
    for stream in streams:
        for data in shown_strings(stream):
            texts.append(data.decode("latin-1"))
            glyphs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
            texts += ["".join(cmap.get(g, "\ufffd") for g in glyphs) for cmap in maps]
    return "\n".join(texts)
