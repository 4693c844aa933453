"""Writes of workspaces, memberships and invitations. Atomic, keyword-only, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.accounts.services import organisation_verify, user_create
from buurtkompas.audit.services import log_action
from buurtkompas.core import public_cache
from buurtkompas.workspaces import listing
from buurtkompas.workspaces.models import (
    LISTED_FIELDS,
    Invitation,
    ListingStatus,
    Membership,
    Role,
    Workspace,
    new_token,
    token_hash,
)


@transaction.atomic
def workspace_create(
    *,
    actor,
    name: str,
    lead_organisation,
    description: str = "",
    regions=(),
    is_public: bool = False,
) -> Workspace:
    """A new team; `is_public` asks for a public listing (a platform coordinator decides)."""
    workspace = Workspace.objects.create(
        name=name, lead_organisation=lead_organisation, description=description, is_public=is_public
    )
    workspace.regions.set(regions)
    Membership.objects.create(workspace=workspace, user=actor, role=Role.COORDINATOR)
    log_action(
        actor=actor,
        workspace=workspace,
        action="workspaces.workspace.created",
        obj=workspace,
        data={"regions": len(regions)},
    )
    listing_follow(actor=actor, workspace=workspace, changed=LISTED_FIELDS)
    return workspace


def listed_values(workspace: Workspace) -> dict:
    return {
        "name": workspace.name,
        "lead_organisation": workspace.lead_organisation_id,
        "regions": set(workspace.regions.values_list("pk", flat=True)),
    }


@transaction.atomic
def workspace_update(*, actor, workspace: Workspace, **fields) -> Workspace:
    before = listed_values(workspace)
    regions = fields.pop("regions", None)
    for key, value in fields.items():
        setattr(workspace, key, value)
    workspace.save()
    if regions is not None:
        workspace.regions.set(regions)
    log_action(
        actor=actor,
        workspace=workspace,
        action="workspaces.workspace.changed",
        obj=workspace,
        data={"fields": sorted([*fields, *(["regions"] if regions is not None else [])])},
    )
    after = listed_values(workspace)
    changed = [key for key in LISTED_FIELDS if before[key] != after[key]]
    if changed and workspace.listing_status == ListingStatus.APPROVED:
        public_cache.bump()
    listing_follow(actor=actor, workspace=workspace, changed=changed)
    return workspace


def listing_set(workspace: Workspace, status: str, **fields) -> None:
    public_cache.bump()  # the atlas shows approved listings: its cached pages are stale
    workspace.listing_status = status
    workspace.listing_updated_at = timezone.now()
    for key, value in fields.items():
        setattr(workspace, f"listing_{key}", value)
    workspace.save(
        update_fields=[
            "listing_status",
            "listing_updated_at",
            *(f"listing_{key}" for key in fields),
        ]
    )


def listing_log(actor, workspace: Workspace, what: str, **data) -> None:
    log_action(
        actor=actor,
        workspace=workspace,
        action=f"workspaces.listing.{what}",
        obj=workspace,
        data=data,
    )


def listing_follow(*, actor, workspace: Workspace, changed) -> None:
    """Keep the listing in step with the team's wish: asking (again) to be listed makes a
    request; a change of name, organisation or areas after approval or refusal asks again;
    no longer asking withdraws the listing."""
    status = workspace.listing_status
    if not workspace.is_public:
        if status != ListingStatus.NOT_LISTED:
            listing_set(workspace, ListingStatus.NOT_LISTED)
            listing_log(actor, workspace, "withdrawn", previous=status)
        return
    if status == ListingStatus.NOT_LISTED or (status != ListingStatus.REQUESTED and changed):
        listing_set(
            workspace,
            ListingStatus.REQUESTED,
            requested_by=actor if getattr(actor, "pk", None) else None,
            requested_at=timezone.now(),
            refusal_reason="",
        )
        listing_log(actor, workspace, "requested", previous=status, changed=sorted(changed))


def listing_decision_check(actor, workspace: Workspace) -> None:
    if not listing.may_approve(actor, workspace):
        raise PermissionDenied
    if workspace.listing_status != ListingStatus.REQUESTED or not workspace.is_public:
        raise ValidationError(_("This team is not waiting for a decision about its listing."))


@transaction.atomic
def listing_approve(*, actor, workspace: Workspace, verify_organisation: bool = False) -> Workspace:
    """Approve a requested listing; its lead organisation must be verified (the approver may
    verify it in the same step)."""
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    listing_decision_check(actor, workspace)
    organisation = workspace.lead_organisation
    if verify_organisation:
        organisation_verify(actor=actor, organisation=organisation)
    if not organisation.is_verified:
        raise ValidationError(
            _(
                "The lead organisation %(name)s is not verified. Check that the team really "
                "works for it, then verify it with this approval."
            )
            % {"name": organisation.name}
        )
    listing_set(workspace, ListingStatus.APPROVED, decided_by=actor, decided_at=timezone.now())
    listing_log(actor, workspace, "approved")
    return workspace


@transaction.atomic
def listing_refuse(*, actor, workspace: Workspace, reason: str) -> Workspace:
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    listing_decision_check(actor, workspace)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the listing is refused; the team sees the reason."))
    listing_set(
        workspace,
        ListingStatus.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        refusal_reason=reason,
    )
    listing_log(actor, workspace, "refused")
    return workspace


@transaction.atomic
def invitation_create(
    *, actor, workspace: Workspace, email: str, role: str
) -> tuple[Invitation, str]:
    """Returns the invitation and the one-time token for the e-mail link."""
    email = email.strip().lower()
    if workspace.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member of the team."))
    open_ones = [i for i in workspace.invitations.filter(email__iexact=email) if i.is_open]
    if open_ones:
        raise ValidationError(_("There is already an open invitation for this address."))
    token = new_token()
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_sha256=token_hash(token),
        invited_by=actor,
        expires_at=Invitation.expiry_from_now(),
    )
    log_action(
        actor=actor,
        workspace=workspace,
        action="workspaces.invitation.created",
        obj=invitation,
        data={"role": role},
    )
    return invitation, token


def invitation_by_token(token: str, *, lock: bool = False) -> Invitation:
    invitations = Invitation.objects.select_related("workspace")
    if lock:  # two people accepting at once: the second waits and then sees it was used
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_sha256=token_hash(token)).first()
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise ValidationError(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask the coordinator for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    invitation = invitation_by_token(token, lock=True)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(
        actor=user,
        workspace=invitation.workspace,
        action="workspaces.invitation.accepted",
        obj=invitation,
        data={"new_member": created},
    )
    return membership


@transaction.atomic
def account_create_from_invitation(*, token: str, name: str, password: str) -> Membership:
    """A new account for the invited address, which joins the team in the invited role."""
    invitation = invitation_by_token(token)
    user = user_create(email=invitation.email, name=name, password=password, via="invitation")
    return invitation_accept(token=token, user=user)


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        actor=actor,
        workspace=invitation.workspace,
        action="workspaces.invitation.revoked",
        obj=invitation,
    )


def ensure_a_coordinator_remains(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.COORDINATOR or new_role == Role.COORDINATOR:
        return
    others = membership.workspace.memberships.filter(role=Role.COORDINATOR).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError(
            _(
                "A team always keeps at least one coordinator. Hand over "
                "coordination to someone else first."
            )
        )


@transaction.atomic
def membership_change(
    *, actor, membership: Membership, role: str, sees_personal_data: bool = False
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    ensure_a_coordinator_remains(membership, role)
    old = membership.role
    membership.role = role
    membership.sees_personal_data = sees_personal_data and role == Role.VOLUNTEER
    membership.save(update_fields=["role", "sees_personal_data"])
    log_action(
        actor=actor,
        workspace=membership.workspace,
        action="workspaces.membership.changed",
        obj=membership,
        data={"from": old, "to": role, "sees_personal_data": membership.sees_personal_data},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    ensure_a_coordinator_remains(membership, None)
    action = (
        "workspaces.membership.left"
        if membership.user_id == actor.pk
        else "workspaces.membership.removed"
    )
    log_action(
        actor=actor,
        workspace=membership.workspace,
        action=action,
        obj=membership,
        data={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def coordination_hand_over(*, actor, workspace: Workspace, to: Membership) -> None:
    """Make `to` coordinator and the actor a community worker, in one step."""
    mine = workspace.memberships.select_for_update().get(user=actor)
    if to.workspace_id != workspace.pk:
        raise ValidationError(_("That person is not a member of this team."))
    membership_change(actor=actor, membership=to, role=Role.COORDINATOR)
    membership_change(actor=actor, membership=mine, role=Role.WORKER)
