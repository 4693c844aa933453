"""The community of practice (issue 11): networks and their members, werkbezoeken and other
events, registrations.

A network is not a team: it has its own members and its own coordinators (`NetworkRole`), and
a person can be in a network without being in any team. Events may be hosted by a team (a
werkbezoek takes place in the host team's neighbourhood).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtkompas.core.storage import private_storage


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


TOKEN_SALT = "buurtkompas.network.registration"


class NetworkRole(models.TextChoices):
    COORDINATOR = "coordinator", _("network coordinator")
    MEMBER = "member", _("member")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in the web address"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    is_demo = models.BooleanField(default=False, help_text="made by `buurtkompas demo`")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:home", args=[self.slug])


class NetworkMember(models.Model):
    """A person's membership of a network, with their role in it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=NetworkRole.choices, default=NetworkRole.MEMBER
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_member_unique")
        ]
        ordering = ["user__name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.network} ({self.role})"

    @property
    def is_coordinator(self) -> bool:
        """May manage the network: members, requests, invitations, events."""
        return self.role == NetworkRole.COORDINATOR


# --- Members: invitations, join requests, profiles (members part) ---------------------------


# --- Events: werkbezoeken, bijeenkomsten, programme, registrations (events part) -------------


class Event(models.Model):
    """A werkbezoek, national meeting, workshop or online meeting of a network."""

    class Kind(models.TextChoices):
        WORK_VISIT = "werkbezoek", _("work visit")
        NATIONAL = "landelijk", _("national meeting")
        WORKSHOP = "workshop", _("workshop")
        ONLINE = "online", _("online meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    host_workspace = models.ForeignKey(
        "workspaces.Workspace",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
        verbose_name=_("host team"),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("buurt or wijk"),
    )
    online_url = models.URLField(_("link for online meeting"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Leave empty for no limit."),
    )
    registration_deadline = models.DateTimeField(_("register until"), null=True, blank=True)
    open_to_guests = models.BooleanField(
        _("open to guests"),
        default=False,
        help_text=_("Guests without an account can register on the public page."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_accessibility = models.BooleanField(_("ask about accessibility needs"), default=False)
    cancel_reason = models.CharField(_("why the event is cancelled"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["network", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:event", args=[self.network.slug, self.pk])

    @property
    def is_public(self) -> bool:
        """Published and open to guests: the public sees its page and it is in the feed."""
        return self.status == self.Status.PUBLISHED and self.open_to_guests

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def registration_open(self, now) -> bool:
        """Published, not yet begun, and before the deadline (if there is one)."""
        deadline = self.registration_deadline or self.starts_at
        return self.status == self.Status.PUBLISHED and now < min(deadline, self.starts_at)

    @property
    def asks_questions(self) -> bool:
        return self.ask_dietary or self.ask_accessibility


class ProgrammeItem(models.Model):
    """One item of an event's programme; items at the same time run in parallel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    presenters = models.CharField(_("who presents"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Leave empty for no limit."),
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["starts_at", "title"]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A member's or a guest's place at an event (or on its waitlist).

    A guest's registration counts only once the e-mail address is confirmed through a link.
    The personal link in every e-mail (`personal_token()`, signed with the site's secret key,
    the same in every e-mail) lets the person confirm, see and cancel without logging in."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail not yet confirmed")
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    guest_name = models.CharField(_("name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("e-mail address"), blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    items = models.ManyToManyField(
        ProgrammeItem, blank=True, related_name="registrations", verbose_name=_("programme")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    language = models.CharField(max_length=5, default="nl")  # of the e-mails
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    answers_purged_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            # One live registration per person and event: a second click or a second tab does
            # not make a second one (cancelled ones stay as history).
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False) & ~models.Q(status="cancelled"),
                name="registration_one_per_member",
            ),
            models.UniqueConstraint(
                Lower("guest_email"),
                "event",
                condition=models.Q(user__isnull=True)
                & ~models.Q(status="cancelled")
                & ~models.Q(guest_email=""),  # walk-ins added at the door have no address
                name="registration_one_per_guest_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} at {self.event}"

    def personal_token(self) -> str:
        return Signer(salt=TOKEN_SALT).sign(str(self.pk))

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            pk = int(Signer(salt=TOKEN_SALT).unsign(token))
        except (BadSignature, ValueError):
            return None
        return pk if 0 < pk < 2**63 else None

    @property
    def display_name(self) -> str:
        return self.user.name if self.user_id else self.guest_name

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else self.guest_email


# --- After the event: peer feedback ----------------------------------------------------------

DEFAULT_FEEDBACK_QUESTIONS = (
    _("What works here that you want to take home?"),
    _("What would you do differently?"),
    _("A tip for the hosts"),
)


class FeedbackQuestion(models.Model):
    """An open question the hosts ask about every programme item (three by default)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback_questions")
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class FeedbackResponse(models.Model):
    """One participant's feedback on one programme item (or on the event as a whole when it has
    no programme): a score from 1 to 5 and answers to the open questions.

    `anonymous`: the hosts never see who wrote it (pages and export show "anonymous"); the
    link to the registration is kept only so nobody answers twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    item = models.ForeignKey(
        ProgrammeItem, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    answers = models.JSONField(default=dict, blank=True)  # question id (str) -> text
    anonymous = models.BooleanField(_("anonymous towards the hosts"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "item"],
                condition=models.Q(item__isnull=False),
                name="feedback_once_per_item",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(item__isnull=True),
                name="feedback_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk}"


# --- Members: join requests, invitations, profiles --------------------------------------------


class Profession(models.TextChoices):
    OPBOUWWERKER = "opbouwwerker", _("opbouwwerker (community worker)")
    BUURTWERKER = "buurtwerker", _("buurtwerker (neighbourhood worker)")
    BUURTMAKER = "buurtmaker", _("buurtmaker")
    WIJKMAKELAAR = "wijkmakelaar", _("wijkmakelaar (neighbourhood broker)")
    BEWONERSADVISEUR = "bewonersadviseur", _("bewonersadviseur (residents' adviser)")
    ENERGIECOACH = "energiecoach", _("energiecoach (energy coach)")
    STUDENT = "student", _("student")
    OTHER = "other", _("other")


class Theme(models.TextChoices):
    """The shared list of themes of expertise (a member picks any number)."""

    ENERGY_SAVING = "energy_saving", _("energy saving")
    ENERGY_POVERTY = "energy_poverty", _("energy poverty")
    CLIMATE_ADAPTATION = "climate_adaptation", _("climate adaptation")
    GREENING = "greening", _("greening")
    HEAT_TRANSITION = "heat_transition", _("heat transition (gas-free)")
    TENANT_ADVOCACY = "tenant_advocacy", _("tenant advocacy")
    ABCD = "abcd", _("ABCD (asset-based community development)")
    HARD_TO_REACH = "hard_to_reach", _("reaching the hard-to-reach")
    RESIDENT_INITIATIVES = "resident_initiatives", _("resident initiatives")
    FIX_TEAMS = "fix_teams", _("fix teams and energy coaches")


class JoinRequest(models.Model):
    """A person asks to join a network; a network coordinator approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_join_requests"
    )
    motivation = models.CharField(_("why you want to join"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"join request {self.pk}"


class NetworkInvitation(models.Model):
    """An invitation by e-mail link (only the hash of its token is stored), valid for
    `NETWORK_INVITATION_DAYS` and once."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


PROFILE_FIELDS = (
    "profession",
    "organisation",
    "regions",
    "themes",
    "languages",
    "open_to",
    "photo",
)


class MemberProfile(models.Model):
    """What a member tells the network about themselves; deleted with the membership.

    Every field is for the network's members by default; the fields named in `public_fields`
    (and the name, when any field is public) are shown to the public too. `hidden` hides the
    whole profile, from members too."""

    member = models.OneToOneField(NetworkMember, on_delete=models.CASCADE, related_name="profile")
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("where you work")
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)  # Theme values
    languages = models.CharField(_("languages you speak"), max_length=150, blank=True)
    open_to = models.CharField(_("open to questions about"), max_length=300, blank=True)
    # Optional; re-encoded without EXIF or location (`core.photos`), kept in the private
    # storage and streamed by `member_views.profile_photo` under the same visibility rule.
    photo = models.FileField(storage=private_storage, upload_to="network/profiles/", blank=True)
    public_fields = models.JSONField(default=list, blank=True)  # names from PROFILE_FIELDS
    hidden = models.BooleanField(_("hide my whole profile"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return f"profile {self.pk}"

    def is_public(self, name: str) -> bool:
        return not self.hidden and name in self.public_fields

    @property
    def shows_publicly(self) -> bool:
        return not self.hidden and bool(self.public_fields)

    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in self.themes if t in Theme.values]


# --- After the event: the verslag (report) with photos ----------------------------------------


class EventReport(models.Model):
    """The hosts' verslag of an event: text and photos, published to the network's members or
    to everyone. Until it is published only the coordinators see it."""

    class Visibility(models.TextChoices):
        NETWORK = "network", _("members of the network")
        PUBLIC = "public", _("everyone")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("report"), max_length=20_000)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report of {self.event}"

    def readable_by(self, member) -> bool:
        """Published to this reader: everyone for a public report, members for the rest;
        coordinators also before publication."""
        if member is not None and member.is_coordinator:
            return True
        if self.published_at is None:
            return False
        return self.visibility == self.Visibility.PUBLIC or member is not None


class ReportPhoto(models.Model):
    """A photo in a report: re-encoded without EXIF or location (`core.photos`), kept in the
    private storage and shown only through a view that checks the report's visibility; added
    only with the tick that everyone in it agreed."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(storage=private_storage, upload_to="network/reports/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    consent_confirmed = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"photo {self.pk}"
