from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned

FUNNEL = ("doors_knocked", "conversations", "contacts_made", "follow_up_agreed", "follow_up_done")


class Campaign(WorkspaceOwned):
    name = models.CharField(_("campaign"), max_length=200)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.name

    def totals(self) -> dict[str, int]:
        sums = self.tallies.aggregate(**{f: models.Sum(f) for f in FUNNEL})
        return {f: sums[f] or 0 for f in FUNNEL}


class CampaignTally(WorkspaceOwned):
    """One round of the outreach funnel: doors, conversations, contacts, follow-ups."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    counted_on = models.DateField(_("date"))
    doors_knocked = models.PositiveIntegerField(_("doors knocked"), default=0)
    conversations = models.PositiveIntegerField(_("conversations"), default=0)
    contacts_made = models.PositiveIntegerField(_("contacts made"), default=0)
    follow_up_agreed = models.PositiveIntegerField(_("follow-up agreed"), default=0)
    follow_up_done = models.PositiveIntegerField(_("follow-up done"), default=0)

    class Meta:
        verbose_name = _("campaign round")
        verbose_name_plural = _("campaign rounds")
        ordering = ["counted_on", "id"]

    def __str__(self) -> str:
        return f"{self.campaign} {self.counted_on}"

    def owner_ids(self) -> set[int]:
        """A round belongs also to whoever created its campaign."""
        return super().owner_ids() | self.campaign.owner_ids()
