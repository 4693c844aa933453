from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "knowledge.item.created": _("Knowledge item started"),
    "knowledge.item.changed": _("Knowledge item changed"),
    "knowledge.item.submitted": _("Knowledge item submitted for review"),
    "knowledge.item.sent_back": _("Knowledge item sent back to its author"),
    "knowledge.item.published": _("Knowledge item published"),
    "knowledge.item.archived": _("Knowledge item archived"),
    "knowledge.item.deleted": _("Knowledge item draft deleted"),
    "knowledge.item.quality_set": _("Quality level of a knowledge item set"),
    "knowledge.item.loaded": _("Starting content of the knowledge base loaded"),
    "knowledge.comment.added": _("Review comment added"),
    "knowledge.attachment.added": _("File attached to a knowledge item"),
    "knowledge.attachment.deleted": _("File removed from a knowledge item"),
    "knowledge.usage.added": _("Use of a knowledge item recorded"),
    "knowledge.usage.deleted": _("Use of a knowledge item removed"),
    "knowledge.question.asked": _("Question about a knowledge item asked"),
    "knowledge.question.answered": _("Question about a knowledge item answered"),
    "knowledge.rating.set": _("Knowledge item rated"),
    "knowledge.reviewer.appointed": _("Knowledge reviewer appointed"),
    "knowledge.reviewer.removed": _("Knowledge reviewer removed"),
}
