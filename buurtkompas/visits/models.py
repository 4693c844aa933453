"""Household visits of a fix team or energy coach. This first part only plans a visit; the
visit report (measures, savings, signals, referrals) is a later module."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdVisit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="visits"
    )
    contact = models.ForeignKey(
        "residents.Contact", on_delete=models.CASCADE, related_name="visits"
    )
    planned_for = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-planned_for", "-id"]

    def __str__(self) -> str:
        return f"visit {self.planned_for} #{self.contact_id}"


# KNMI daily temperatures (reference data for weather-corrected gas use) live in their own module.
from buurtkompas.visits.weather import DailyTemperature  # noqa: E402, F401
