from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class Stakeholder(WorkspaceOwned):
    """A party in the krachtenveld around the buurt, on a power/interest grid."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("municipality")
        CORPORATION = "corporatie", _("housing corporation")
        COOPERATIVE = "cooperatie", _("energy cooperative")
        GRID = "netbeheerder", _("grid operator")
        WELFARE = "welzijn", _("welfare organisation")
        SCHOOL = "school", _("school")
        FAITH = "geloof", _("faith community")
        SHOP = "winkel", _("shop or business")
        OTHER = "anders", _("other")

    class Attitude(models.IntegerChoices):
        OPPOSED = -2, _("opposed")
        SCEPTICAL = -1, _("sceptical")
        NEUTRAL = 0, _("neutral")
        POSITIVE = 1, _("positive")
        CHAMPION = 2, _("champion")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    influence = models.PositiveSmallIntegerField(_("influence (1-5)"), default=3)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"), default=3)
    attitude = models.SmallIntegerField(_("attitude"), choices=Attitude.choices, default=0)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(WorkspaceOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("party")
    )
    what = models.CharField(_("agreement"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who follows it up"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what

    def owner_ids(self) -> set[int]:
        """Who follows an agreement up owns it with whoever recorded it."""
        return super().owner_ids() | ({self.owner_id} - {None})

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )
