from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.models import WorkspaceOwned


class Asset(WorkspaceOwned):
    """The krachtenkaart: the five asset kinds of asset-based community development."""

    class Kind(models.TextChoices):
        TALENT = "talent", _("a resident's talent, skill or motivation")
        ASSOCIATION = "association", _("association or informal group")
        INSTITUTION = "institution", _("institution")
        PLACE = "place", _("physical place")
        CONNECTION = "connection", _("connection")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    skills = models.CharField(_("can help with (keywords)"), max_length=300, blank=True)
    contact = models.ForeignKey(
        "residents.Contact",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assets",
        verbose_name=_("resident (needs consent to be listed)"),
    )
    buurt = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("buurt"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    connects = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("connected with")
    )

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def is_personal_data(self) -> bool:
        """A talent names a resident."""
        return self.kind == self.Kind.TALENT
