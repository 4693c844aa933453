"""Load KNMI daily mean temperatures (an answer of the daggegevens service) into the database.

The flow of the data pipeline (docs/ARCHITECTURE.md, "How data flows"): the raw answer is
archived by checksum (``pipeline.archive``) before anything reads it, then the pure parser
(``visits.knmi.parse_daily``) reads it and one transaction writes the values.
Loading the same answer twice changes nothing (every day comes back "unchanged"); a newer answer
updates the days whose value changed. A day the answer gives no value for is reported as missing
and never stored as 0; a value loaded earlier for such a day is kept.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from buurtkompas.pipeline import archive as archiving
from buurtkompas.pipeline.models import RawFile
from buurtkompas.pipeline.sources.base import InputError
from buurtkompas.visits import knmi
from buurtkompas.visits.weather import DailyTemperature


@dataclass
class TemperatureLoad:
    file_name: str
    sha256: str
    stations: dict[int, str]
    days_read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: list[date] = field(default_factory=list)
    kept: list[date] = field(default_factory=list)  # missing now, but a value from before

    @property
    def nothing_changed(self) -> bool:
        return self.new == 0 and self.changed == 0

    def lines(self) -> list[str]:
        names = ", ".join(f"{name} ({number})" for number, name in self.stations.items())
        lines = [
            f"{self.file_name} (sha256 {self.sha256[:12]}): {names or 'KNMI'}",
            f"  days read: {self.days_read}; new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}",
        ]
        if self.nothing_changed:
            lines.append("  already loaded: nothing changed")
        if self.missing:
            shown = ", ".join(str(day) for day in self.missing[:20])
            more = f" and {len(self.missing) - 20} more" if len(self.missing) > 20 else ""
            lines.append(f"  no value published for {len(self.missing)} day(s): {shown}{more}")
        if self.kept:
            lines.append(f"  kept an earlier value for {len(self.kept)} of them")
        return lines


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def daily_temperatures_load(path, *, origin: str | None = None) -> TemperatureLoad:
    """Archive, parse and load one KNMI answer. Raises InputError (nothing changed) when the
    file is not a KNMI daily data answer."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    stored = archiving.archive(path)
    if origin:
        stored = dataclasses.replace(stored, origin=origin)
    # As in pipeline.load: a file is read where it is, after the archive holds its checksum copy.
    data = knmi.parse_daily(_read(path), path=path)
    if not data.days:
        raise InputError(path, "the KNMI answer lists no days (check the period and station)")
    summary = TemperatureLoad(path.name, stored.sha256, data.stations, days_read=len(data.days))
    with transaction.atomic():
        raw_file, _ = RawFile.objects.get_or_create(
            sha256=stored.sha256,
            defaults={
                "original_name": stored.original_name,
                "origin": stored.origin,
                "size_bytes": stored.size_bytes,
                "archived_path": str(stored.archived_path),
            },
        )
        _write(data, raw_file, summary)
    return summary


def _write(data: knmi.DailyData, raw_file: RawFile, summary: TemperatureLoad) -> None:
    days = [d.day for d in data.days]
    existing = {
        (row.station, row.day): row
        for row in DailyTemperature.objects.filter(
            station__in={d.station for d in data.days}, day__range=(min(days), max(days))
        )
    }
    now, new, changed = timezone.now(), [], []
    for record in data.days:
        row = existing.get((record.station, record.day))
        if record.mean_temp_c is None:
            summary.missing.append(record.day)
            if row is not None:
                summary.kept.append(record.day)
        elif row is None:
            new.append(
                DailyTemperature(
                    station=record.station,
                    day=record.day,
                    mean_temp_c=record.mean_temp_c,
                    raw_file=raw_file,
                    loaded_at=now,
                )
            )
        elif row.mean_temp_c != record.mean_temp_c:
            row.mean_temp_c, row.raw_file, row.loaded_at = record.mean_temp_c, raw_file, now
            changed.append(row)
        else:
            summary.unchanged += 1
    DailyTemperature.objects.bulk_create(new, batch_size=500)
    DailyTemperature.objects.bulk_update(
        changed, ["mean_temp_c", "raw_file", "loaded_at"], batch_size=500
    )
    summary.new, summary.changed = len(new), len(changed)
