"""Writes of accounts: profile, password, two-step verification, new accounts.
Atomic, keyword-only, audited (workspace=None) through `events.record`. Failed log-ins are not
audited. Sign-up through a team invitation is in `workspaces.signup`, which calls `user_create`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.accounts import totp
from buurtkompas.accounts.events import record
from buurtkompas.accounts.models import Organisation, User, name_key


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
        record(actor=user, action="accounts.profile.changed", obj=user, data={"fields": changed})
    return user


@transaction.atomic
def password_set(*, user: User, password: str, how: str) -> User:
    """`how` is "changed" (knew the old one) or "reset" (by e-mail link)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=user, action=f"accounts.password.{how}", obj=user)
    return user


CODE_OK, CODE_WRONG, CODE_USED = "ok", "wrong", "used"


def totp_code_use(*, user: User, code: str) -> str:
    """Check a code of the user's authenticator app and use it up: CODE_OK once per code,
    CODE_USED when this code (or a later one) was accepted before, else CODE_WRONG.

    The time step is stored with a compare-and-set, so two requests racing with one code
    cannot both pass (RFC 6238 section 5.2: a code is valid once)."""
    step = totp.matching_step(secret=user.totp_secret, code=code)
    if step is None:
        return CODE_WRONG
    fresher = Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step)
    if User.objects.filter(fresher, pk=user.pk).update(totp_last_step=step) != 1:
        return CODE_USED
    user.totp_last_step = step
    return CODE_OK


def code_used_message() -> str:
    return _("This code was already used. Wait for the next code in your app.")


@transaction.atomic
def two_factor_enable(*, user: User, secret: str, code: str) -> User:
    step = totp.matching_step(secret=secret, code=code)
    if step is None:
        raise ValidationError(_("That code is not correct. Check the time on your phone."))
    user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
    user.totp_last_step = step  # the code that switched it on cannot log in as well
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    record(actor=user, action="accounts.2fa.enabled", obj=user)
    return user


@transaction.atomic
def two_factor_disable(*, user: User) -> User:
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, None
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    record(actor=user, action="accounts.2fa.disabled", obj=user)
    return user


@transaction.atomic
def user_create(*, email: str, name: str, password: str, via: str) -> User:
    """A new account; `via` says how it came (e.g. "invitation")."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("There is already an account for this address. Log in first."))
    user = User.objects.create_user(email, password, name=name)
    record(actor=user, action="accounts.user.created", obj=user, data={"via": via})
    return user


def organisation_named(name: str) -> Organisation | None:
    """The existing organisation with this name, compared without case, accents, spaces or
    punctuation ("Gemeente  Rotterdam." is "gemeente rotterdam")."""
    key = name_key(name)
    return next((o for o in Organisation.objects.all() if name_key(o.name) == key), None)


def organisation_exists_message(existing: Organisation) -> str:
    return _(
        "This organisation already exists: %(name)s. Choose it in the list; a new "
        "organisation may not use the name of another one."
    ) % {"name": existing.name}


@transaction.atomic
def organisation_create(*, actor, name: str, kind: str, gemeente_code: str = "") -> Organisation:
    """A new, unverified organisation. Refused when one with the same name exists."""
    name = name.strip()
    existing = organisation_named(name)
    if existing is not None:
        raise ValidationError(organisation_exists_message(existing))
    organisation = Organisation.objects.create(name=name, kind=kind, gemeente_code=gemeente_code)
    record(actor=actor, action="accounts.organisation.created", obj=organisation)
    return organisation


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation) -> Organisation:
    """A platform coordinator confirms the organisation is who its name says."""
    if not actor.is_platform_coordinator:
        raise ValidationError(_("Only a platform coordinator can verify an organisation."))
    if organisation.verified_at is None:
        organisation.verified_by, organisation.verified_at = actor, timezone.now()
        organisation.save(update_fields=["verified_by", "verified_at"])
        record(actor=actor, action="accounts.organisation.verified", obj=organisation)
    return organisation


@transaction.atomic
def platform_coordinator_set(*, user: User, value: bool) -> User:
    """Grant or take away the platform coordinator's role (the management command)."""
    if user.is_platform_coordinator != value:
        user.is_platform_coordinator = value
        user.save(update_fields=["is_platform_coordinator"])
        action = "granted" if value else "revoked"
        record(actor=None, action=f"accounts.platform_coordinator.{action}", obj=user)
    return user
