"""Derived indicator values, computed after every import (never inside it)."""

from django.db import models


class IndicatorValue(models.Model):
    """The value of one atlas indicator for one region, with where it came from.

    `source_region` is set when the figure was published for the same area on another indeling
    year (same code, and the same name as atlas.crosswalk compares them); the page then says
    which indeling the figure belongs to.
    `need_pct` is the percentile (0-100, 100 = most need) among regions of the same level and
    indeling year; it is empty for context-only indicators.
    """

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.CharField(max_length=60)
    level = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField(help_text="indeling year of the region")
    value = models.FloatField()
    period = models.PositiveSmallIntegerField()
    period_is_approximate = models.BooleanField(default=False)
    dataset = models.ForeignKey("regions.Dataset", on_delete=models.CASCADE, related_name="+")
    variable = models.ForeignKey("regions.Variable", on_delete=models.CASCADE, related_name="+")
    source_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    need_pct = models.FloatField(null=True, blank=True)
    # The change since the first year of the area's series (IndicatorPoint), in the indicator's
    # unit (percentage points for a %); empty when there is one year only.
    change = models.FloatField(null=True, blank=True)
    change_since = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator"], name="indicatorvalue_unique")
        ]
        indexes = [models.Index(fields=["level", "year", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id}: {self.value}"


class IndicatorPoint(models.Model):
    """One year of an area's series for an indicator: the same variable (never a mix of
    definitions), from the area itself or the same area on another indeling (atlas.crosswalk).
    Only areas with two years or more have points."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="indicator_points"
    )
    indicator = models.CharField(max_length=60)
    period = models.PositiveSmallIntegerField()
    period_is_approximate = models.BooleanField(default=False)
    value = models.FloatField()
    dataset = models.ForeignKey("regions.Dataset", on_delete=models.CASCADE, related_name="+")
    source_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "period"], name="indicatorpoint_unique"
            )
        ]
        ordering = ["region", "indicator", "period"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.period}: {self.value}"


class Derivation(models.Model):
    """One recomputation of the derived values; its id versions caches of the index."""

    computed_at = models.DateTimeField(auto_now_add=True)
    values_count = models.PositiveIntegerField()
    # Same-code regions of different indeling years: every pair joined after normalising names
    # and every pair refused (atlas.crosswalk), as [code, year, name, year, name, how].
    crosswalk = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"derivation {self.pk} ({self.values_count} values)"
