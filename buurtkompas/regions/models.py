"""Regions of the CBS indeling (gemeente > wijk > buurt) and the figures measured for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.regions.codes import level_of, parent_code


class Level(models.TextChoices):
    GEMEENTE = "gemeente", _("gemeente")
    WIJK = "wijk", _("wijk")
    BUURT = "buurt", _("buurt")


class RegionQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def gemeenten(self):
        return self.filter(level=Level.GEMEENTE)

    def wijken(self):
        return self.filter(level=Level.WIJK)

    def buurten(self):
        return self.filter(level=Level.BUURT)


class Region(models.Model):
    """A gemeente, wijk or buurt as it was drawn in one indeling year.

    Boundaries change every year, so the same code may exist for several years; a figure is
    always tied to the region of its own indeling year.
    """

    code = models.CharField(max_length=10)  # GMgggg, WKggggww, BUggggwwbb
    year = models.PositiveSmallIntegerField(help_text="indeling year")
    level = models.CharField(max_length=8, choices=Level.choices)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    gemeente_code = models.CharField(max_length=6, db_index=True)
    geometry = models.JSONField(null=True, blank=True, help_text="simplified GeoJSON, WGS84")
    bbox = models.JSONField(null=True, blank=True, help_text="[west, south, east, north]")
    geometry_repaired = models.BooleanField(default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="region_code_year_unique")
        ]
        indexes = [models.Index(fields=["level", "year", "name"])]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.year})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("regions:detail", args=[self.year, self.code])

    @property
    def expected_parent_code(self) -> str | None:
        return parent_code(self.code)

    def clean_level(self) -> str:
        return level_of(self.code)


class Dataset(models.Model):
    """A published table or file that figures come from, e.g. CBS 85984NED."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    table_id = models.CharField(max_length=40, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class Variable(models.Model):
    """What a figure measures; the unit is part of the key (PUDL style)."""

    key = models.SlugField(max_length=120, unique=True)
    label_nl = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)
    source_field = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def label(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label_nl


class Observation(models.Model):
    """One figure: a value of a variable for a region, for a period, from a dataset.

    A missing value is not stored at all: absence means "not published", never zero.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="observations")
    variable = models.ForeignKey(Variable, on_delete=models.PROTECT, related_name="observations")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="observations")
    period = models.PositiveSmallIntegerField(help_text="year the figure describes")
    period_is_approximate = models.BooleanField(default=False)
    value = models.FloatField()
    import_run = models.ForeignKey(
        "pipeline.ImportRun", on_delete=models.PROTECT, related_name="observations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "variable", "dataset", "period"], name="observation_unique"
            )
        ]
        indexes = [models.Index(fields=["variable", "period"])]

    def __str__(self) -> str:
        return f"{self.variable_id} {self.region_id} {self.period}: {self.value}"


class NationalObservation(models.Model):
    """A figure the source publishes for the whole of the Netherlands (its "Nederland" row).

    This is the published national figure. It is never computed from areas: a median or mean of
    areas is something else, and the pages label that separately.
    """

    variable = models.ForeignKey(Variable, on_delete=models.PROTECT, related_name="+")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="+")
    period = models.PositiveSmallIntegerField(help_text="year the figure describes")
    period_is_approximate = models.BooleanField(default=False)
    value = models.FloatField()
    import_run = models.ForeignKey(
        "pipeline.ImportRun", on_delete=models.PROTECT, related_name="national_observations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["variable", "dataset", "period"], name="nationalobservation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"NL {self.variable_id} {self.period}: {self.value}"


class GemeenteProvince(models.Model):
    """Which province a gemeente belongs to in an indeling year (CBS "Gebieden in Nederland")."""

    year = models.PositiveSmallIntegerField(help_text="indeling year")
    gemeente_code = models.CharField(max_length=6)
    province_code = models.CharField(max_length=4, help_text="PV20 … PV31")
    province_name = models.CharField(max_length=100)
    import_run = models.ForeignKey("pipeline.ImportRun", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "gemeente_code"], name="gemeenteprovince_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_code} {self.year}: {self.province_name}"
