from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class Rung(models.IntegerChoices):
    PARTICIPANT = 1, _("participant")
    HELPER = 2, _("helper")
    VOLUNTEER = 3, _("volunteer (e.g. fixer or coach)")
    CO_ORGANISER = 4, _("co-organiser")
    LEAD = 5, _("initiative lead")


class LeadershipStep(WorkspaceOwned):
    """A resident's step on the ladder of involvement, with date and a short note."""

    contact = models.ForeignKey(
        "residents.Contact",
        on_delete=models.CASCADE,
        related_name="leadership_steps",
        verbose_name=_("resident"),
    )
    rung = models.PositiveSmallIntegerField(_("step"), choices=Rung.choices)
    taken_on = models.DateField(_("date"))
    initiative = models.ForeignKey(
        "buurtwerk.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leadership_steps",
        verbose_name=_("initiative"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("leadership step")
        verbose_name_plural = _("leadership steps")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"step {self.rung} #{self.contact_id}"

    def is_personal_data(self) -> bool:
        return True
