from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from buurtkompas.workspaces.models import WorkspaceOwned


class ChainStage(models.TextChoices):
    SAVING = "saving", _("energy saving")
    GREENING = "greening", _("climate adaptation / greening")
    TRANSITION = "transition", _("energy transition")
    OTHER = "other", _("other sustainability")


class Initiative(WorkspaceOwned):
    """A resident initiative or project, answering one or more agenda items."""

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        ACTIVE = "active", pgettext_lazy("initiative status", "active")
        PAUSED = "paused", _("paused")
        DONE = "done", _("done")
        STOPPED = "stopped", _("stopped")

    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), max_length=2000, blank=True)
    chain_stage = models.CharField(_("chain stage"), max_length=12, choices=ChainStage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDEA
    )
    leads = models.ManyToManyField(
        "residents.Contact",
        blank=True,
        related_name="led_initiatives",
        verbose_name=_("resident leads"),
    )
    partners = models.ManyToManyField(
        "buurtwerk.Stakeholder", blank=True, related_name="initiatives", verbose_name=_("partners")
    )
    agenda_items = models.ManyToManyField(
        "buurtwerk.AgendaItem",
        blank=True,
        related_name="initiatives",
        verbose_name=_("agenda items it answers"),
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def progress_pct(self) -> int | None:
        milestones = list(self.milestones.all())
        if not milestones:
            return None
        return round(sum(m.progress_pct for m in milestones) / len(milestones))


class Milestone(WorkspaceOwned):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class MilestoneUpdate(WorkspaceOwned):
    """The history of a milestone's progress, for public accountability."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("milestone update")
        verbose_name_plural = _("milestone updates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.milestone} {self.progress_pct}%"
