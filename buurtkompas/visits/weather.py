"""Daily mean temperatures from KNMI: national reference data (no team, no personal data).

Loaded by ``buurtkompas degree_days`` (``weather_services.daily_temperatures_load``) and read
by ``weather_selectors.weighted_degree_days_between``. A day KNMI published no value for has no
row: it is reported as missing, never stored as 0.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyTemperature(models.Model):
    station = models.PositiveSmallIntegerField(_("KNMI station"))
    day = models.DateField(_("day"))
    mean_temp_c = models.FloatField(_("daily mean temperature (°C)"))
    raw_file = models.ForeignKey(
        "pipeline.RawFile",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the archived KNMI answer this value was read from",
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "visits"
        verbose_name = _("daily temperature")
        verbose_name_plural = _("daily temperatures")
        ordering = ["station", "day"]
        constraints = [
            models.UniqueConstraint(fields=["station", "day"], name="visits_dailytemp_station_day")
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.day}: {self.mean_temp_c} °C"
