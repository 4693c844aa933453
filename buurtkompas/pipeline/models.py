"""The record of what was imported, from which file, and what happened to each row."""

from django.db import models


class RawFile(models.Model):
    """A raw input archived by checksum (publishers revise files silently)."""

    sha256 = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=500)
    origin = models.CharField(max_length=1000, help_text="path or URL it was read from")
    size_bytes = models.BigIntegerField()
    archived_path = models.CharField(max_length=1000)
    archived_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class ImportRun(models.Model):
    """One successful load of a source for a year from a file with a checksum.

    A failed import rolls back completely, so only successful runs are recorded here.
    """

    source = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)
    raw_file = models.ForeignKey(RawFile, on_delete=models.PROTECT, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    rows_read = models.PositiveIntegerField()
    rows_loaded = models.PositiveIntegerField()
    rows_skipped = models.PositiveIntegerField()
    summary = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "sha256"], name="importrun_source_year_sha_unique"
            )
        ]
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.year} ({self.sha256[:12]})"
