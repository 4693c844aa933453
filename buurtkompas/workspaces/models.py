"""Team workspaces ("buurtteams"): who works on which buurten, in which role."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    WORKER = "opbouwwerker", _("community worker")
    VOLUNTEER = "vrijwilliger", _("volunteer / active resident")
    PARTNER = "partner", _("partner (read-only, aggregates only)")


# What each role may do; views ask through workspaces.access, never compare roles themselves.
MANAGE = {Role.COORDINATOR}
WORK = {Role.COORDINATOR, Role.WORKER, Role.VOLUNTEER}
# Who keeps the team's own lists (its measures and local services in `visits`).
ORGANISE = {Role.COORDINATOR, Role.WORKER}
ALL = {Role.COORDINATOR, Role.WORKER, Role.VOLUNTEER, Role.PARTNER}


class ListingStatus(models.TextChoices):
    """Where a team's public listing on the atlas stands. Only APPROVED teams are shown."""

    NOT_LISTED = "not_listed", _("not listed")
    REQUESTED = "requested", _("requested, waiting for approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


# Changing any of these after approval sends the listing back for approval.
LISTED_FIELDS = ("name", "lead_organisation", "regions")


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="lead_workspaces",
        verbose_name=_("lead organisation (controller under the GDPR)"),
    )
    regions = models.ManyToManyField(
        "regions.Region",
        related_name="workspaces",
        verbose_name=_("buurten and wijken"),
        blank=True,
    )
    is_public = models.BooleanField(
        _("ask to be listed publicly"),
        default=False,
        help_text=_(
            "Only the name, organisation and areas are shown, on the atlas, after a platform "
            "coordinator has approved them. A change of name, organisation or areas is "
            "checked again."
        ),
    )
    listing_status = models.CharField(
        _("public listing"),
        max_length=20,
        choices=ListingStatus.choices,
        default=ListingStatus.NOT_LISTED,
        editable=False,
    )
    listing_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    listing_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    listing_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    listing_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    listing_refusal_reason = models.TextField(max_length=1000, blank=True, editable=False)
    listing_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    require_2fa_for_coordinators = models.BooleanField(
        _("coordinators must use 2FA"), default=False
    )
    is_demo = models.BooleanField(
        _("demonstration team"),
        default=False,
        editable=False,
        help_text=_("Made by `buurtkompas demo`: invented data, never shown on the atlas."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sees_personal_data = models.BooleanField(
        _("may see residents' personal data"),
        default=False,
        help_text=_(
            "Only for volunteers; coordinators and community workers always may, partners never."
        ),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")
        ]
        ordering = ["user__name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    @property
    def may_write(self) -> bool:
        """May add records to the team (every role but partner)."""
        return self.role in WORK

    @property
    def may_write_personal_data(self) -> bool:
        """May add records that name residents (a leadership step, a registration)."""
        return self.may_write and self.can_see_personal_data

    @property
    def organises(self) -> bool:
        """May keep the team's own lists (measures, local services): coordinators and
        community workers."""
        return self.role in ORGANISE

    @property
    def manages(self) -> bool:
        """May manage the team: settings, members, invitations, the audit log."""
        return self.role in MANAGE

    @property
    def sees_aggregates_only(self) -> bool:
        """Partners read the team's work as counts: no notes, no names of who does what."""
        return self.role == Role.PARTNER

    def may_change(self, record=None, *, owners=()) -> bool:
        """The one rule for changing a team's records: coordinators and community workers change
        every record; a volunteer only what they created or are assigned to (`owners`: user
        ids, consumed only for volunteers); partners nothing."""
        if self.role not in WORK:
            return False
        if self.role != Role.VOLUNTEER:
            return True
        return self.user_id in {getattr(record, "created_by_id", None), *owners}

    @property
    def can_see_personal_data(self) -> bool:
        if self.role in (Role.COORDINATOR, Role.WORKER):
            return True
        return self.role == Role.VOLUNTEER and self.sees_personal_data


INVITATION_DAYS = 7


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation by e-mail link. Only the hash of the link's token is stored."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.workspace} ({self.role})"

    @staticmethod
    def expiry_from_now():
        return timezone.now() + timedelta(days=INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


class WorkspaceOwned(models.Model):
    """Every record of a team carries the team's key; selectors filter on it first.

    A record says who owns it (`owner_ids`) and whether it is itself personal data
    (`is_personal_data`); `workspaces.access` asks both before a member reads or changes it."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def owner_ids(self) -> set[int]:
        """The users who own this record: a volunteer among them may change it. By default
        whoever created it; a model where more people own a record adds them."""
        return {self.created_by_id} - {None}

    def is_personal_data(self) -> bool:
        """True when the record itself is about a resident: only members who may see personal
        data read or change it."""
        return False
