"""Residents a team works with: the minimum to stay in touch, and consent per purpose.

No BSN, no date of birth, no health data: the form says so, and there is no field for them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTES_MAX = 500


class Contact(models.Model):
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name or nickname"), max_length=100, blank=True)
    reach = models.CharField(
        _("how to reach (optional)"),
        max_length=200,
        blank=True,
        help_text=_("For example a phone number or 'via the neighbour at number 12'."),
    )
    buurt = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("buurt"),
    )
    notes = models.TextField(_("short notes"), max_length=NOTES_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name if not self.anonymised_at else f"#{self.pk}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def active_consent(self, purpose: str, partner: str = ""):
        for consent in self.consents.all():
            if (
                consent.purpose == purpose
                and consent.is_active
                and (not partner or consent.partner_name == partner)
            ):
                return consent
        return None


class Purpose(models.TextChoices):
    CONTACT = "contact", _("being contacted")
    VISIT = "visit", _("a household visit")
    VOLUNTEER = "volunteer", _("being listed as a volunteer")
    PHOTO = "photo", _("a photo")
    SHARE = "share", _("sharing with a named partner")
    INCOME = "income", _("sharing an income bracket (household visit)")


class Method(models.TextChoices):
    SPOKEN = "spoken", _("spoken")
    PAPER = "paper", _("on paper")
    DIGITAL = "digital", _("digital")


class Consent(models.Model):
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="consents"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    partner_name = models.CharField(_("partner (for sharing)"), max_length=150, blank=True)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"consent {self.purpose} #{self.contact_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
