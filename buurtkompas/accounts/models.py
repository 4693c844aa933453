"""People who log in (professionals and active residents with an account) and their
organisations. Residents who are only recorded by a team are `residents.Contact`, not users."""

import hashlib
import re
import unicodedata

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    WELFARE = "welzijnsorganisatie", _("welfare organisation")
    GEMEENTE = "gemeente", _("municipality")
    CORPORATION = "woningcorporatie", _("housing corporation")
    COOPERATIVE = "energiecooperatie", _("energy cooperative")
    RESIDENTS = "bewonersorganisatie", _("residents' organisation")
    OTHER = "anders", _("other")


def name_key(name: str) -> str:
    """An organisation's name compared without case, accents, spaces or punctuation: two
    organisations whose keys are equal are the same organisation."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


class Organisation(models.Model):
    """An organisation anyone with an account may name; it is *verified* (by a platform
    coordinator) before it can lead a team that is listed publicly."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    gemeente_code = models.CharField(_("municipality code"), max_length=6, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Logs in with an e-mail address. Optional TOTP two-factor authentication."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The 30-second time step of the last code accepted: a code is valid once (RFC 6238 5.2).
    totp_last_step = models.BigIntegerField(null=True, blank=True)
    is_platform_coordinator = models.BooleanField(
        _("platform coordinator"),
        default=False,
        help_text=_(
            "Approves public listings of teams and verifies organisations. "
            "Set with `buurtkompas platform_coordinator <e-mail>`."
        ),
    )

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def has_2fa(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)


class FailedLogin(models.Model):
    """A failed attempt to prove who one is, kept for LOGIN_FAILURE_WINDOW_S to slow guessing
    down (accounts/throttle.py). The e-mail address is stored hashed. `device` is the id of the
    known-device cookie the attempt came with, if any."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("wrong password at log-in")
        UNKNOWN = "unknown", _("log-in for an address without an account")
        CODE = "code", _("wrong code at log-in")
        REAUTH = "reauth", _("wrong password or code while logged in")

    email_sha256 = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PASSWORD)
    device = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        indexes = [models.Index(fields=["ip_address", "at"], name="failedlogin_ip_at")]

    def __str__(self) -> str:
        return f"failed log-in {self.at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_email(email: str) -> str:
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class PasswordResetRequest(models.Model):
    """A password-reset e-mail asked for (whether or not the address has an account), kept an
    hour to limit the e-mails per address and per client address. The address is hashed."""

    email_sha256 = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self) -> str:
        return f"password-reset request {self.at:%Y-%m-%d %H:%M}"
