"""Writes about a network's members (issue 11): join requests, invitations, leaving, profiles.
`<entity>_<verb>(*, ...)`, atomic, audited by number (no names, no addresses)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtkompas.audit.services import log_action
from buurtkompas.core import photos
from buurtkompas.network.models import (
    PROFILE_FIELDS,
    JoinRequest,
    MemberProfile,
    NetworkInvitation,
    NetworkMember,
    NetworkRole,
    Theme,
    new_token,
    token_hash,
)
from buurtkompas.network.services import member_add


def _mail(template: str, to: str, subject: str, context: dict) -> None:
    """Dutch, then English; a refusing mail server does not undo the decision."""
    parts = []
    for language in ("nl", "en"):
        with translation.override(language):
            parts.append((_(subject) % context, render_to_string(template, context)))
    body = parts[0][1] + "\n\n" + "-" * 60 + "\n(English below)\n\n" + parts[1][1]
    try:
        send_mail(parts[0][0], body, None, [to])
    except OSError:
        pass


@transaction.atomic
def join_request_create(*, actor, network, motivation: str = "") -> JoinRequest:
    if NetworkMember.objects.filter(network=network, user=actor).exists():
        raise ValidationError(_("You are already a member of this network."))
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                network=network, user=actor, motivation=motivation.strip()
            )
    except IntegrityError:
        raise ValidationError(_("Your request is already waiting for a coordinator.")) from None
    log_action(actor=actor, action="network.join_request.created", obj=request)
    return request


@transaction.atomic
def join_request_decide(*, actor, request: JoinRequest, approve: bool) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        member_add(actor=actor, network=request.network, user=request.user)
    log_action(actor=actor, action="network.join_request.decided", obj=request,
               data={"approved": approve})  # fmt: skip
    context = {
        "network": request.network,
        "approved": approve,
        "link": settings.SITE_URL + request.network.get_absolute_url(),
        "name": request.user.name,
    }
    _mail("network/email/members_decided.txt", request.user.email,
          gettext_noop("Your request to join %(network)s"), context)  # fmt: skip
    return request


@transaction.atomic
def invitation_create(*, actor, network, email: str) -> tuple[NetworkInvitation, str]:
    email = email.strip()
    if NetworkMember.objects.filter(network=network, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = new_token()
    invitation = NetworkInvitation.objects.create(
        network=network,
        email=email,
        token_sha256=token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.NETWORK_INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("network:invitation", args=[token])
    context = {"network": network, "link": link, "inviter": actor.name,
               "days": settings.NETWORK_INVITATION_DAYS}  # fmt: skip
    _mail(
        "network/email/members_invitation.txt",
        email,
        gettext_noop("Invitation to join %(network)s"),
        context,
    )
    log_action(actor=actor, action="network.invitation.created", obj=invitation)
    return invitation, token


def invitation_by_token(token: str) -> NetworkInvitation | None:
    return (
        NetworkInvitation.objects.filter(token_sha256=token_hash(token))
        .select_related("network")
        .first()
    )


def invitation_problem(invitation: NetworkInvitation) -> str | None:
    if invitation.accepted_at:
        return _("This invitation was already used.")
    if invitation.expires_at < timezone.now():
        return _("This invitation has expired. Ask a coordinator for a new one.")
    return None


@transaction.atomic
def invitation_accept(*, actor, token: str) -> NetworkMember:
    invitation = invitation_by_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    member = member_add(actor=actor, network=invitation.network, user=actor)
    log_action(actor=actor, action="network.invitation.accepted", obj=invitation)
    return member


@transaction.atomic
def member_leave(*, actor, member: NetworkMember) -> None:
    """Leave the network (or be removed by a coordinator): the membership and the profile go.
    The last coordinator cannot leave: the network would have no one to run it."""
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.is_coordinator:
        others = NetworkMember.objects.filter(
            network=member.network, role=NetworkRole.COORDINATOR
        ).exclude(pk=member.pk)
        if not others.exists():
            raise ValidationError(_("You are the last coordinator: make someone else one first."))
    _delete_photo_after_commit(member)
    log_action(actor=actor, action="network.member.left" if actor == member.user
               else "network.member.removed", obj=member)  # fmt: skip
    member.delete()


@transaction.atomic
def profile_save(
    *, actor, member: NetworkMember, public_fields=(), regions=(), themes=(), **fields
):
    unknown = set(themes) - set(Theme.values)
    if unknown:
        raise ValidationError({"themes": _("Choose themes from the list.")})
    profile, _created = MemberProfile.objects.get_or_create(member=member)
    for name in ("profession", "organisation", "languages", "open_to", "hidden"):
        if name in fields:
            setattr(profile, name, fields[name])
    photo = fields.get("photo")
    if photo:
        clean = photos.clean_photo(photo)
        old = profile.photo.name
        profile.photo.save(clean.name, clean, save=False)
        if old:
            storage = profile.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    elif fields.get("photo_remove") and profile.photo:
        old, storage = profile.photo.name, profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
        profile.photo = ""
    profile.themes = sorted(set(themes))
    profile.public_fields = [f for f in PROFILE_FIELDS if f in set(public_fields)]
    profile.save()
    profile.regions.set(regions)
    log_action(actor=actor, action="network.profile.saved", obj=profile,
               data={"public_fields": profile.public_fields, "hidden": profile.hidden})  # fmt: skip
    return profile


def _delete_photo_after_commit(member: NetworkMember) -> None:
    profile = MemberProfile.objects.filter(member=member).exclude(photo="").first()
    if profile is not None:
        name, storage = profile.photo.name, profile.photo.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def profile_delete(*, actor, member: NetworkMember) -> None:
    _delete_photo_after_commit(member)
    deleted, _by_model = MemberProfile.objects.filter(member=member).delete()
    if deleted:
        log_action(actor=actor, action="network.profile.deleted", obj=member)
