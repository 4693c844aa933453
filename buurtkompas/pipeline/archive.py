"""Archive raw inputs by their sha256 before anything reads them (publishers revise silently)."""

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Archived:
    sha256: str
    original_name: str
    origin: str
    size_bytes: int
    archived_path: Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


def checksum(path: Path) -> str:
    """A file's sha256; for a folder, the sha256 of its files' names and checksums."""
    if not path.is_dir():
        return file_sha256(path)
    manifest = "".join(f"{p.name}\t{file_sha256(p)}\n" for p in input_files(path))
    return hashlib.sha256(manifest.encode()).hexdigest()


def archive(path: Path) -> Archived:
    path = Path(path)
    sha = checksum(path)
    target = Path(settings.ARCHIVE_DIR) / sha[:2] / sha
    # The same bytes may arrive under another name (a download and a hand copy): keep each name,
    # so the run's `original_name` is always found in its archive folder.
    target.mkdir(parents=True, exist_ok=True)
    for file in input_files(path):
        if not (target / file.name).exists():
            shutil.copy2(file, target / file.name)
    size = sum(p.stat().st_size for p in input_files(path))
    return Archived(sha, path.name, str(path), size, target)
