"""Reading raw files: gzip-aware, with clear errors for empty or undecodable input."""

import gzip
import json
from pathlib import Path

from buurtkompas.pipeline.sources.base import InputError


def read_bytes(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"not a complete gzip file ({exc})") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    return data


def read_text(path: Path) -> str:
    data = read_bytes(path)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "the file is neither UTF-8 nor Windows-1252 text")


class Pairs(dict):
    """A JSON object that also keeps its entries in file order, duplicate keys included
    (a plain dict silently keeps only the last of two equal keys)."""

    def __init__(self, pairs: list[tuple[str, object]]):
        super().__init__(pairs)
        self.pairs = pairs


def read_json(path: Path, *, keep_pairs: bool = False):
    text = read_text(path)
    try:
        return json.loads(text, object_pairs_hook=Pairs if keep_pairs else None)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise InputError(
            path, f"invalid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}{hint}"
        ) from None
