from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class AgendaItem(WorkspaceOwned):
    """A wish, idea or problem residents raise: the starting point of the work."""

    class Channel(models.TextChoices):
        DOORSTEP = "doorstep", _("doorstep talk")
        MEETING = "meeting", _("meeting")
        SURVEY = "survey", _("survey")
        SOCIAL = "social", _("social media")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        HEARD = "heard", _("heard")
        DISCUSSED = "discussed", _("discussed")
        PICKED_UP = "picked_up", _("picked up")
        DONE = "done", _("done")
        NOT_FEASIBLE = "not_feasible", _("not feasible")

    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("explanation"), max_length=2000, blank=True)
    buurt = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("buurt"),
    )
    street = models.CharField(_("street or place"), max_length=150, blank=True)
    channel = models.CharField(_("how it came in"), max_length=12, choices=Channel.choices)
    supporters = models.PositiveIntegerField(_("residents who support it"), default=1)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.HEARD
    )
    status_reason = models.CharField(_("reason (when not feasible)"), max_length=300, blank=True)
    raised_on = models.DateField(_("raised on"))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def next_status(self) -> str | None:
        """The next step on heard → discussed → picked up → done (None at the end, or when
        the item was found not feasible)."""
        steps = [self.Status.HEARD, self.Status.DISCUSSED, self.Status.PICKED_UP, self.Status.DONE]
        if self.status not in steps[:-1]:
            return None
        return steps[steps.index(self.status) + 1]
