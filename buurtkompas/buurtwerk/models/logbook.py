from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class LogEntry(WorkspaceOwned):
    """A dated note of a meeting with residents or institutions, tagged for finding back."""

    written_on = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("note"), max_length=5000)
    initiatives = models.ManyToManyField(
        "buurtwerk.Initiative", blank=True, related_name="+", verbose_name=_("initiatives")
    )
    stakeholders = models.ManyToManyField(
        "buurtwerk.Stakeholder", blank=True, related_name="+", verbose_name=_("parties")
    )
    agenda_items = models.ManyToManyField(
        "buurtwerk.AgendaItem", blank=True, related_name="+", verbose_name=_("agenda items")
    )

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-written_on", "-id"]
        indexes = [models.Index(fields=["workspace", "written_on"])]

    def __str__(self) -> str:
        return self.title

    def is_personal_data(self) -> bool:
        """Notes may mention residents."""
        return True
