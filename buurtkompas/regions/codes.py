"""CBS region codes: GMgggg > WKggggww > BUggggwwbb (pure functions, no Django)."""

import re

CODE_RE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
# Amsterdam uses letters in wijk and buurt numbers (WK0363AA, BU0363AF09).
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


class CodeError(ValueError):
    pass


def normalise(raw: object) -> str:
    """Trim the padding CBS OData puts around codes and check the shape."""
    code = str(raw or "").strip().upper()
    if not CODE_RE.match(code):
        raise CodeError(
            f"{str(raw).strip()!r} is not a CBS region code (GMgggg, WKggggww, BUggggwwbb)"
        )
    return code


def level_of(code: str) -> str:
    return LEVELS[normalise(code)[:2]]


def parent_code(code: str) -> str | None:
    code = normalise(code)
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


def gemeente_code(code: str) -> str:
    return "GM" + normalise(code)[2:6]
