"""The knowledge base (kennisbank, issue 12): practice cases, methods, instruments and background
items, written by network members, reviewed, versioned and searchable in Dutch.

An item belongs to a network (its members write and review it) or, for the starting content
that ships with Buurtkompas (`buurtkompas knowledge_content`), to no network: platform
coordinators look after those. A published item is readable by the network's members, or by
everyone when its author made it public under a Creative Commons licence.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from buurtkompas.buurtwerk.models.initiatives import ChainStage
from buurtkompas.core.storage import private_storage
from buurtkompas.network.models import Theme

__all__ = ["ChainStage", "Theme"]


class Kind(models.TextChoices):
    CASE = "case", _("practice case")
    METHOD = "method", _("method")
    INSTRUMENT = "instrument", _("instrument")
    BACKGROUND = "background", _("background")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    PUBLISHED = "published", pgettext_lazy("knowledge item status", "published")
    ARCHIVED = "archived", pgettext_lazy("knowledge item status", "archived")


class Visibility(models.TextChoices):
    NETWORK = "network", _("members of the network")
    PUBLIC = "public", _("everyone (open, under a Creative Commons licence)")


class QualityLevel(models.TextChoices):
    """The levels of the Dutch databank of effective social interventions (Movisie)."""

    NOT_ASSESSED = "not_assessed", _("not assessed")
    WELL_DESCRIBED = "well_described", _("well described")
    WELL_FOUNDED = "well_founded", _("well founded")
    EFFECTIVE_FIRST = "effective_first", _("effective: first indications")
    EFFECTIVE_GOOD = "effective_good", _("effective: good indications")
    EFFECTIVE_STRONG = "effective_strong", _("effective: strong indications")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.nl",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
}

# The fields that make up an item's text, in the order of the Movisie description template.
# Versions keep these (plus the tags), the diff walks them, the search reads them.
TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "occasion",
    "target_group",
    "goal",
    "approach",
    "steps",
    "results",
    "results_measured",
    "conditions",
    "costs",
    "lessons",
    "contact",
    "sources",
)


class Item(models.Model):
    network = models.ForeignKey(
        "network.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="knowledge_items",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80, blank=True)  # starting content: its file name
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(_("explanation"), max_length=20_000, blank=True)
    occasion = models.TextField(_("occasion or problem"), max_length=4000, blank=True)
    target_group = models.TextField(_("target group"), max_length=2000, blank=True)
    goal = models.TextField(_("goal"), max_length=2000, blank=True)
    approach = models.TextField(_("approach"), max_length=8000, blank=True)
    steps = models.TextField(_("steps (one per line)"), max_length=8000, blank=True)
    results = models.TextField(_("results"), max_length=4000, blank=True)
    results_measured = models.TextField(
        _("how the results were measured"), max_length=2000, blank=True
    )
    conditions = models.TextField(
        _("conditions (people, time, money)"), max_length=4000, blank=True
    )
    costs = models.TextField(_("costs"), max_length=2000, blank=True)
    lessons = models.TextField(_("what did not work"), max_length=4000, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    sources = models.TextField(_("sources (one per line)"), max_length=4000, blank=True)
    chain_stage = models.CharField(
        _("stage on the chain"), max_length=12, choices=ChainStage.choices, default="other"
    )
    regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("where it happened"),
    )
    initiatives = models.ManyToManyField(
        "buurtwerk.Initiative", blank=True, related_name="+", verbose_name=_("initiatives")
    )
    events = models.ManyToManyField(
        "network.Event", blank=True, related_name="+", verbose_name=_("work visits")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    licence = models.CharField(
        _("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_items",
    )
    author_name = models.CharField(_("author as credited"), max_length=200, blank=True)
    revision = models.PositiveIntegerField(default=1)  # bumped by every change: edit conflicts
    quality_level = models.CharField(
        _("quality level"),
        max_length=20,
        choices=QualityLevel.choices,
        default=QualityLevel.NOT_ASSESSED,
    )
    quality_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quality_at = models.DateTimeField(null=True, blank=True)
    quality_reason = models.TextField(_("why this level"), max_length=2000, blank=True)
    is_example = models.BooleanField(default=False, help_text="made by `buurtkompas demo`")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "published_at"]),
            models.Index(fields=["updated_at"], name="knowledge_item_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(network__isnull=True) & ~models.Q(slug=""),
                name="knowledge_starting_content_slug_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.visibility == Visibility.PUBLIC

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def theme_values(self) -> list[str]:
        return [t.theme for t in self.themes.all()]

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(value, value) for value in self.theme_values]

    @property
    def credited(self) -> str:
        """The name the item is credited to: the author's name as given, else the account's."""
        if self.author_name:
            return self.author_name
        return self.author.name if self.author else ""

    def is_assessed(self) -> bool:
        return self.quality_level != QualityLevel.NOT_ASSESSED


class ItemTheme(models.Model):
    """One theme of an item (the shared list of member expertise); a row each, for the facets."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=30, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "theme"], name="knowledge_item_theme_unique")
        ]
        indexes = [models.Index(fields=["theme", "item"])]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.theme}"


class ItemVersion(models.Model):
    """What a published item said after one change: kept for ever, shown as a diff."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    data = models.JSONField(default=dict)  # TEXT_FIELDS + kind, chain_stage, themes, licence

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="knowledge_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class Reviewer(models.Model):
    """A network member appointed to review the network's items and set their quality level."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="knowledge_reviewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_reviews"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="knowledge_reviewer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} reviews for {self.network}"


class ReviewComment(models.Model):
    """A reviewer's (or the author's) remark on a draft or a submitted item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment on {self.item_id}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="knowledge/")
    name = models.CharField(_("file name"), max_length=200)
    size_bytes = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Usage(models.Model):
    """A member says "I used this", and where."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="usages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_usages"
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("where (gemeente or wijk)"),
    )
    note = models.CharField(_("how it went (optional)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "user", "region"], name="knowledge_usage_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} used in {self.region_id}"


class Question(models.Model):
    """A question to the author, and the answers to it (a thread: `parent` is the question)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="questions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("your question"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"question on {self.item_id}"


class Rating(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_ratings"
    )
    score = models.PositiveSmallIntegerField(
        _("how useful"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="knowledge_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="knowledge_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.item_id}"
