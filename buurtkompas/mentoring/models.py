"""Rookie–master mentoring inside a network: a member offers to be a master (`MasterOffer`) or
asks to be a rookie (`RookieRequest`); a network coordinator proposes a pair, both accept, and
they walk a one-year `Trajectory` with an intake, `Meeting`s and two `Evaluation`s.

Private notes of a meeting are for the pair only: no coordinator page, export or audit entry
ever shows them (see docs/mentoring.md, "Who sees what")."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtkompas.network.models import Theme

MIDTERM_MONTHS = 6
END_MONTHS = 12
QUIET_DAYS = 42  # six weeks without a meeting: a reminder


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class MasterPreference(models.TextChoices):
    ANY = "", _("no preference")
    RETIRED = "retired", _("a retired master")
    WORKING = "working", _("a master who still works")


class MasterOffer(models.Model):
    """A member offers to guide rookies (one offer per member and network, changed in place)."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="master_offers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="master_offers"
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)  # network Theme values
    regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("gemeenten")
    )
    capacity = models.PositiveSmallIntegerField(
        _("rookies at the same time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), validators=[MaxValueValidator(60)]
    )
    retired = models.BooleanField(_("I am retired"), default=False)
    max_travel_km = models.PositiveSmallIntegerField(
        _("how far you want to travel (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
        help_text=_("Leave empty if distance does not matter to you."),
    )
    preferences = models.TextField(_("wishes about a rookie"), max_length=1000, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("master offer")
        verbose_name_plural = _("master offers")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="mentoring_offer_unique")
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"master offer {self.pk}"

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)


class RookieRequest(models.Model):
    """A member asks for a master: open until a trajectory starts (matched); closed when that
    trajectory ends (the member may then ask again), or withdrawn by the member."""

    class Status(models.TextChoices):
        OPEN = "open", _("looking for a master")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("trajectory ended")
        WITHDRAWN = "withdrawn", _("withdrawn")

    CURRENT = (Status.OPEN, Status.MATCHED)

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="rookie_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rookie_requests"
    )
    learning_goals = models.TextField(_("what you want to learn"), max_length=2000)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente where you work"),
    )
    availability = models.CharField(_("when you are available"), max_length=300)
    master_preference = models.CharField(
        _("your wish about the master"),
        max_length=10,
        choices=MasterPreference.choices,
        blank=True,
        default=MasterPreference.ANY,
    )
    preferences = models.TextField(_("other wishes about a master"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rookie request")
        verbose_name_plural = _("rookie requests")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(status__in=["open", "matched"]),
                name="mentoring_request_one_current",
            )
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"rookie request {self.pk}"

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)


def theme_labels(values) -> list[str]:
    return [str(Theme(t).label) for t in values if t in Theme.values]


class Answer(models.TextChoices):
    WAITING = "", _("no answer yet")
    ACCEPTED = "accepted", _("said yes")
    DECLINED = "declined", _("said no")


class Trajectory(models.Model):
    """One rookie with one master for a year, from the coordinator's proposal to its end."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        DECLINED = "declined", _("declined")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        ENDED_EARLY = "ended_early", _("ended early")

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="trajectories"
    )
    offer = models.ForeignKey(MasterOffer, on_delete=models.CASCADE, related_name="trajectories")
    request = models.ForeignKey(
        RookieRequest, on_delete=models.CASCADE, related_name="trajectories"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    master_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    master_answered_at = models.DateTimeField(null=True, blank=True)
    rookie_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    rookie_answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("why not"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    intake_goals = models.TextField(_("goals"), max_length=4000, blank=True)
    intake_agreements = models.TextField(_("agreements"), max_length=4000, blank=True)
    intake_saved_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateField(null=True, blank=True)
    end_reason = models.CharField(_("why the trajectory ends early"), max_length=500, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    BUSY = (Status.PROPOSED, Status.RUNNING)  # what counts against a master's capacity

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"trajectory {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:trajectory", args=[self.network.slug, self.pk])

    @property
    def master(self):
        return self.offer.user

    @property
    def rookie(self):
        return self.request.user

    def role_of(self, user) -> str:
        """ "rookie", "master" or "" for anyone else."""
        if user.pk == self.request.user_id:
            return "rookie"
        if user.pk == self.offer.user_id:
            return "master"
        return ""

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def midterm_due(self) -> dt.date | None:
        return add_months(self.start_date, MIDTERM_MONTHS) if self.start_date else None

    @property
    def end_due(self) -> dt.date | None:
        return add_months(self.start_date, END_MONTHS) if self.start_date else None

    def months_running(self, today: dt.date) -> int:
        if not self.start_date:
            return 0
        last = min(today, self.ended_at or today)
        months = (last.year - self.start_date.year) * 12 + last.month - self.start_date.month
        return max(0, months - (last.day < self.start_date.day))


class Meeting(models.Model):
    """A meeting of the pair. `private_notes` are read by the rookie and the master only."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    topics = models.CharField(_("topics"), max_length=500)
    private_notes = models.TextField(
        _("private notes"),
        max_length=10_000,
        blank=True,
        help_text=_("Only the two of you can read these notes; the coordinators cannot."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"meeting {self.pk}"


class Evaluation(models.Model):
    """The midterm check (due at six months) or the end evaluation (at twelve), filled in by the
    pair together; one of them types it. The coordinators see that it was done and the score,
    never the comments."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("midterm check")
        END = "end", _("end evaluation")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    goals_reached = models.PositiveSmallIntegerField(
        _("how far the goals are reached"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comments = models.TextField(_("comments"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind"], name="mentoring_eval_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} evaluation {self.pk}"
