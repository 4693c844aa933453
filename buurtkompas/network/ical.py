"""iCalendar (RFC 5545) for network events, written out by hand: one event (`.ics` per event)
or a network's calendar feed. Lines end in CRLF and are folded at 75 octets (never inside a
UTF-8 character); TEXT values escape backslash, semicolon, comma and newlines; times are UTC.
Checked with a real parser (the `icalendar` package) in tests/test_network_events_pages.py."""

from datetime import UTC, datetime

from django.conf import settings

PRODID = "-//Buurtkompas//Netwerk//NL"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continued with CRLF + space."""
    data = line.encode("utf-8")
    pieces, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # not inside a UTF-8 character
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line starts with a space
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event, now: datetime) -> list[str]:
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0] or "buurtkompas"
    where = event.online_url or ", ".join(p for p in (event.place_name, event.address) if p)
    lines = [
        "BEGIN:VEVENT",
        f"UID:network-event-{event.pk}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"URL:{settings.SITE_URL}{event.get_absolute_url()}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
    ]
    if where:
        lines.append(f"LOCATION:{escape(where)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events, *, name: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
