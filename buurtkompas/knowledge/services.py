"""Writes of the knowledge base: `<entity>_<verb>(*, actor, ...)`, atomic, audited.

Rights are checked here as well as in the views (`PermissionDenied` -> 403). Edits carry the
revision the editor started from: a change to an item that someone else changed in the
meantime raises `EditConflict` and nothing is written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.core import public_cache
from buurtkompas.knowledge import access, mail, search
from buurtkompas.knowledge.models import (
    TEXT_FIELDS,
    Attachment,
    Item,
    ItemTheme,
    ItemVersion,
    Kind,
    QualityLevel,
    Question,
    Rating,
    ReviewComment,
    Reviewer,
    Status,
    Usage,
    Visibility,
)
from buurtkompas.network.models import NetworkMember

TAG_FIELDS = ("kind", "chain_stage", "licence", "visibility")


class EditConflict(Exception):
    """The item changed since the editor opened it."""

    def __init__(self, item: Item, theirs: dict):
        super().__init__("edit conflict")
        self.item = item
        self.theirs = theirs  # what the editor sent: shown again, never lost


def snapshot(item: Item) -> dict:
    data = {name: getattr(item, name) for name in (*TEXT_FIELDS, *TAG_FIELDS)}
    data["themes"] = sorted(item.theme_values)
    data["regions"] = sorted(item.regions.values_list("code", flat=True))
    return data


def _set_tags(item: Item, themes, regions) -> None:
    if themes is not None:
        ItemTheme.objects.filter(item=item).exclude(theme__in=themes).delete()
        have = set(ItemTheme.objects.filter(item=item).values_list("theme", flat=True))
        ItemTheme.objects.bulk_create(
            [ItemTheme(item=item, theme=t) for t in dict.fromkeys(themes) if t not in have]
        )
    if regions is not None:
        item.regions.set(regions)


def _validate(item: Item) -> None:
    item.full_clean(exclude=["network", "author", "quality_by", "slug"])
    if item.kind in (Kind.CASE, Kind.METHOD) and item.status != Status.DRAFT:
        missing = [name for name in ("goal", "approach") if not (getattr(item, name) or "").strip()]
        if missing:
            raise ValidationError(
                {name: _("A practice case or method needs this before review.") for name in missing}
            )


def _version(*, actor, item: Item, note: str = "") -> ItemVersion:
    last = item.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ItemVersion.objects.create(
        item=item, number=last + 1, author=actor, note=note[:300], data=snapshot(item)
    )


@transaction.atomic
def item_create(
    *, actor, network, fields: dict, themes=(), regions=(), initiatives=(), events=()
) -> Item:
    """A new draft by `actor` in `network` (which they must be a member of)."""
    if not NetworkMember.objects.filter(network=network, user=actor).exists():
        raise PermissionDenied
    item = Item(network=network, author=actor, status=Status.DRAFT, **fields)
    _validate(item)
    item.save()
    _set_tags(item, themes, regions)
    item.initiatives.set(initiatives)
    item.events.set(events)
    search.reindex(item)
    log_action(actor=actor, action="knowledge.item.created", obj=item, data={"kind": item.kind})
    return item


@transaction.atomic
def item_update(
    *,
    actor,
    item: Item,
    fields: dict,
    base_revision: int,
    themes=None,
    regions=None,
    events=None,
    note: str = "",
) -> Item:
    """Change an item. A published item keeps a version of every change."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not access.may_edit(actor, item):
        raise PermissionDenied
    if item.revision != base_revision:
        raise EditConflict(item, fields)
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    _validate(item)
    item.revision += 1
    item.save()
    _set_tags(item, themes, regions)
    if events is not None:
        item.events.set(events)
    changed = sorted(k for k, v in snapshot(item).items() if before.get(k) != v)
    if item.status == Status.PUBLISHED and changed:
        _version(actor=actor, item=item, note=note)
    search.reindex(item)
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.item.changed", obj=item, data={"fields": changed})
    return item


def _move(*, actor, item: Item, allowed_from, to: str, action: str, right, data=None) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not right(actor, item):
        raise PermissionDenied
    if item.status not in allowed_from:
        raise ValidationError(
            _("This is not possible while the item is “%(status)s”.")
            % {"status": item.get_status_display()}
        )
    item.status = to
    item.revision += 1
    now = timezone.now()
    if to == Status.SUBMITTED:
        item.submitted_at = now
    elif to == Status.PUBLISHED:
        item.published_at = item.published_at or now
        item.archived_at = None
    elif to == Status.ARCHIVED:
        item.archived_at = now
    item.save()
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action=action, obj=item, data=data or {})
    return item


@transaction.atomic
def item_submit(*, actor, item: Item) -> Item:
    """The author offers the draft for review."""
    item = _move(
        actor=actor,
        item=item,
        allowed_from=(Status.DRAFT,),
        to=Status.SUBMITTED,
        action="knowledge.item.submitted",
        right=access.is_author,
    )
    _validate(item)
    mail.submitted(item)
    return item


@transaction.atomic
def item_send_back(*, actor, item: Item, comment: str) -> Item:
    """A reviewer returns a submitted item to its author as a draft, with a comment."""
    if not comment.strip():
        raise ValidationError({"text": _("Say what the author should change.")})
    item = _move(
        actor=actor,
        item=item,
        allowed_from=(Status.SUBMITTED,),
        to=Status.DRAFT,
        action="knowledge.item.sent_back",
        right=access.may_review,
    )
    comment_add(actor=actor, item=item, text=comment)
    return item


@transaction.atomic
def item_publish(*, actor, item: Item) -> Item:
    """A reviewer publishes a submitted item (or an archived one again); version 1 is kept."""
    item = _move(
        actor=actor,
        item=item,
        allowed_from=(Status.SUBMITTED, Status.ARCHIVED),
        to=Status.PUBLISHED,
        action="knowledge.item.published",
        right=access.may_review,
        data={"visibility": item.visibility},
    )
    if not item.versions.exists():
        _version(actor=actor, item=item, note=_("First published"))
    mail.published(item)
    return item


@transaction.atomic
def item_archive(*, actor, item: Item) -> Item:
    def right(user, it):
        return access.is_author(user, it) or access.may_review(user, it)

    return _move(
        actor=actor,
        item=item,
        allowed_from=(Status.PUBLISHED,),
        to=Status.ARCHIVED,
        action="knowledge.item.archived",
        right=right,
    )


@transaction.atomic
def item_delete(*, actor, item: Item) -> None:
    """Only a draft that was never published can be deleted, by its author."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not access.is_author(actor, item):
        raise PermissionDenied
    if item.status != Status.DRAFT or item.published_at:
        raise ValidationError(_("Only a draft that was never published can be deleted."))
    log_action(actor=actor, action="knowledge.item.deleted", obj=item)
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item_id = item.pk
    item.delete()
    search.forget(item_id)


@transaction.atomic
def quality_set(*, actor, item: Item, level: str, reason: str) -> Item:
    """Coordinators and appointed reviewers set the quality level, with their reason."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not access.may_review(actor, item):
        raise PermissionDenied
    if level not in QualityLevel.values:
        raise ValidationError({"level": _("Choose one of the levels.")})
    if level != QualityLevel.NOT_ASSESSED and not reason.strip():
        raise ValidationError({"reason": _("Say why the item has this level.")})
    if item.status == Status.DRAFT:
        raise ValidationError(_("A draft is assessed after it is submitted."))
    item.quality_level, item.quality_reason = level, reason.strip()
    item.quality_by, item.quality_at = actor, timezone.now()
    item.save(update_fields=["quality_level", "quality_reason", "quality_by", "quality_at"])
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.item.quality_set", obj=item, data={"level": level})
    return item


@transaction.atomic
def comment_add(*, actor, item: Item, text: str) -> ReviewComment:
    if not (access.may_review(actor, item) or access.is_author(actor, item)):
        raise PermissionDenied
    if item.status not in (Status.DRAFT, Status.SUBMITTED):
        raise ValidationError(_("Review comments are for drafts and submitted items."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    comment = ReviewComment.objects.create(item=item, author=actor, text=text)
    log_action(actor=actor, action="knowledge.comment.added", obj=item)
    return comment


@transaction.atomic
def attachment_add(*, actor, item: Item, upload, name: str, content_type: str) -> Attachment:
    if not access.may_edit(actor, item):
        raise PermissionDenied
    attachment = Attachment(
        item=item,
        name=name[:200],
        size_bytes=upload.size,
        content_type=content_type,
        added_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.attachment.added", obj=item, data={"name": name})
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    if not access.may_edit(actor, attachment.item):
        raise PermissionDenied
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(
        actor=actor,
        action="knowledge.attachment.deleted",
        obj=attachment.item,
        data={"name": attachment.name},
    )
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def usage_add(*, actor, item: Item, region, note: str = "") -> Usage:
    if not access.may_take_part(actor, item):
        raise PermissionDenied
    if region is None or region.level not in ("gemeente", "wijk"):
        raise ValidationError({"region": _("Choose the gemeente or wijk where you used it.")})
    usage, created = Usage.objects.get_or_create(
        item=item, user=actor, region=region, defaults={"note": note.strip()}
    )
    if not created and note.strip():
        usage.note = note.strip()
        usage.save(update_fields=["note"])
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.usage.added", obj=item, data={"region": region.code})
    return usage


@transaction.atomic
def usage_delete(*, actor, usage: Usage) -> None:
    if usage.user_id != actor.pk:
        raise PermissionDenied
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.usage.deleted", obj=usage.item)
    usage.delete()


@transaction.atomic
def question_ask(*, actor, item: Item, text: str, parent: Question | None = None) -> Question:
    """A question to the author (or an answer in a thread). The author hears of a question by
    e-mail, everyone else in the thread of an answer."""
    if not access.may_take_part(actor, item):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your question or answer.")})
    if parent is not None and (parent.item_id != item.pk or parent.parent_id is not None):
        raise ValidationError(_("Answer the question itself."))
    question = Question.objects.create(item=item, parent=parent, author=actor, text=text)
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(
        actor=actor,
        action="knowledge.question.answered" if parent else "knowledge.question.asked",
        obj=item,
    )
    transaction.on_commit(lambda: mail.question(question))
    return question


@transaction.atomic
def rating_set(*, actor, item: Item, score: int) -> Rating:
    if not access.may_take_part(actor, item):
        raise PermissionDenied
    if access.is_author(actor, item):
        raise ValidationError({"score": _("You cannot rate your own item.")})
    if score not in range(1, 6):
        raise ValidationError({"score": _("Choose 1 to 5 stars.")})
    rating, _created = Rating.objects.update_or_create(
        item=item, user=actor, defaults={"score": score}
    )
    public_cache.bump()  # public pages show items, uses, questions and ratings
    log_action(actor=actor, action="knowledge.rating.set", obj=item, data={"score": score})
    return rating


@transaction.atomic
def reviewer_appoint(*, actor, network, user) -> Reviewer:
    if not NetworkMember.objects.filter(network=network, user=actor, role="coordinator").exists():
        raise PermissionDenied
    if not NetworkMember.objects.filter(network=network, user=user).exists():
        raise ValidationError({"member": _("Only a member of the network can review.")})
    reviewer, _created = Reviewer.objects.get_or_create(
        network=network, user=user, defaults={"appointed_by": actor}
    )
    log_action(actor=actor, action="knowledge.reviewer.appointed", obj=reviewer)
    return reviewer


@transaction.atomic
def reviewer_remove(*, actor, reviewer: Reviewer) -> None:
    network = reviewer.network
    if not NetworkMember.objects.filter(network=network, user=actor, role="coordinator").exists():
        raise PermissionDenied
    log_action(actor=actor, action="knowledge.reviewer.removed", obj=reviewer)
    reviewer.delete()


def visibility_choices_for(item: Item) -> list:
    """Starting content is always public."""
    if item.network_id is None:
        return [(Visibility.PUBLIC, Visibility.PUBLIC.label)]
    return Visibility.choices
