from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class HousingSignal(WorkspaceOwned):
    """A housing problem heard in a conversation or visit, pooled per complex or street.

    It counts households, never who reported it: there is no link to a contact.
    """

    class Problem(models.TextChoices):
        DRAUGHT = "draught", _("draught")
        MOULD = "mould", _("mould or damp")
        SINGLE_GLAZING = "single_glazing", _("single glazing")
        HEATING = "heating", _("broken heating")
        HIGH_BILLS = "high_bills", _("high energy bills")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        CONVERSATION = "conversation", _("conversation")
        VISIT = "visit", _("household visit")
        MEETING = "meeting", _("meeting")

    complex = models.CharField(_("building complex or street"), max_length=200, db_index=True)
    buurt = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("buurt"),
    )
    problem = models.CharField(_("problem"), max_length=16, choices=Problem.choices)
    households = models.PositiveIntegerField(_("households"), default=1)
    noted_on = models.DateField(_("date"))
    source = models.CharField(_("heard in"), max_length=14, choices=Source.choices)
    note = models.CharField(_("note (no names)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("housing signal")
        verbose_name_plural = _("housing signals")
        ordering = ["complex", "-noted_on"]

    def __str__(self) -> str:
        return f"{self.complex}: {self.problem}"
