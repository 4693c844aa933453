"""Writes of accounts: profile, password, two-step verification, sign-up by invitation.
Atomic, keyword-only, audited (workspace=None). Failed log-ins are not audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.accounts import totp
from buurtkompas.accounts.models import User
from buurtkompas.audit.services import log_action
from buurtkompas.workspaces.models import Membership
from buurtkompas.workspaces.services import invitation_accept, invitation_by_token


@transaction.atomic
def profile_update(*, user: User, name: str, organisation) -> User:
    changed = [
        field
        for field, value in (("name", name), ("organisation", organisation))
        if getattr(user, field) != value
    ]
    user.name, user.organisation = name, organisation
    user.save(update_fields=["name", "organisation"])
    if changed:
        log_action(
            actor=user, action="accounts.profile.changed", obj=user, data={"fields": changed}
        )
    return user


@transaction.atomic
def password_set(*, user: User, password: str, how: str) -> User:
    """`how` is "changed" (knew the old one) or "reset" (by e-mail link)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    log_action(actor=user, action=f"accounts.password.{how}", obj=user)
    return user


@transaction.atomic
def two_factor_enable(*, user: User, secret: str, code: str) -> User:
    if not totp.code_matches(secret=secret, code=code):
        raise ValidationError(_("That code is not correct. Check the time on your phone."))
    user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    log_action(actor=user, action="accounts.2fa.enabled", obj=user)
    return user


@transaction.atomic
def two_factor_disable(*, user: User) -> User:
    user.totp_secret, user.totp_confirmed_at = "", None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    log_action(actor=user, action="accounts.2fa.disabled", obj=user)
    return user


@transaction.atomic
def account_create_from_invitation(*, token: str, name: str, password: str) -> Membership:
    """A new account for the invited address, which joins the team in the invited role."""
    invitation = invitation_by_token(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("There is already an account for this address. Log in first."))
    user = User.objects.create_user(invitation.email, password, name=name)
    log_action(actor=user, action="accounts.user.created", obj=user, data={"via": "invitation"})
    return invitation_accept(token=token, user=user)
