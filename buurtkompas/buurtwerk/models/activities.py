from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from buurtkompas.workspaces.models import WorkspaceOwned


class Activity(WorkspaceOwned):
    class Kind(models.TextChoices):
        ENERGY_CAFE = "energy_cafe", _("energy café")
        FIX_ROUND = "fix_round", _("fix-team round")
        DOORSTEP = "doorstep", _("doorstep campaign")
        MEETING = "meeting", _("neighbourhood meeting")
        WORKSHOP = "workshop", _("workshop")
        GREENING = "greening", _("greening action")
        REPAIR_CAFE = "repair_cafe", _("repair café")
        OTHER = "other", _("other")

    class Recurrence(models.TextChoices):
        NONE = "", _("once")
        WEEKLY = "weekly", _("every week")
        MONTHLY = "monthly", _("every month")

    initiative = models.ForeignKey(
        "buurtwerk.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("organisers")
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    households_reached = models.PositiveIntegerField(_("households reached"), null=True, blank=True)
    registered = models.ManyToManyField(
        "residents.Contact", blank=True, related_name="+", verbose_name=_("registered participants")
    )
    outcomes = models.TextField(_("outcomes"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    recurrence = models.CharField(
        _("repeats"), max_length=8, choices=Recurrence.choices, blank=True, default=""
    )
    series = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )

    class Meta:
        # A context, because the activity list uses "activity" as a plural form as well.
        verbose_name = pgettext_lazy("kind of record", "activity")
        verbose_name_plural = pgettext_lazy("kind of record", "activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["workspace", "held_on"])]

    def __str__(self) -> str:
        return self.title

    def owner_ids(self) -> set[int]:
        """Its organisers own an activity with whoever recorded it."""
        return super().owner_ids() | {user.pk for user in self.organisers.all()}
