"""Forms of the knowledge base. Attachments are checked by size and by their first bytes."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from buurtkompas.core.forms import EmptyChoiceLabels
from buurtkompas.core.photos import clean_photo
from buurtkompas.knowledge.models import (
    TEXT_FIELDS,
    Item,
    Kind,
    QualityLevel,
    Theme,
)
from buurtkompas.network.models import Event
from buurtkompas.regions.models import Region

ITEM_FIELDS = (*TEXT_FIELDS, "kind", "chain_stage", "visibility", "licence", "author_name")

# extension -> (content type, how the file starts); zip: the Office and OpenDocument formats
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


class ItemForm(EmptyChoiceLabels, forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work_visits = forms.ModelMultipleChoiceField(
        label=_("Grew from these work visits"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Work visits of the network that this item comes from."),
    )
    region_codes = forms.CharField(
        label=_("Where it happened"),
        required=False,
        max_length=2000,
        help_text=_(
            "Codes or names of gemeenten, wijken or buurten, separated by commas, "
            "e.g. “Rotterdam, WK059901”."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("What did you change? (for the version history)"),
        required=False,
        max_length=300,
    )

    class Meta:
        model = Item
        fields = ITEM_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in TEXT_FIELDS
            if name not in ("title", "contact")
        }

    def __init__(self, *args, visibility_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visibility_choices is not None:
            self.fields["visibility"].choices = visibility_choices
        self.fields["body"].help_text = _(
            "For background items and instruments: the explanation. Paragraphs are separated "
            "by an empty line."
        )
        self.fields["summary"].widget.attrs["rows"] = 2
        visits = Event.objects.none()
        if self.instance.network_id:
            visits = Event.objects.filter(
                network_id=self.instance.network_id,
                kind=Event.Kind.WORK_VISIT,
                status=Event.Status.PUBLISHED,
            ).order_by("-starts_at")[:50]
            visits = Event.objects.filter(pk__in=[e.pk for e in visits]).order_by("-starts_at")
        self.fields["work_visits"].queryset = visits
        if not visits.exists():
            del self.fields["work_visits"]
        if self.instance.pk:
            self.fields["themes"].initial = self.instance.theme_values
            self.fields["region_codes"].initial = ", ".join(
                self.instance.regions.values_list("code", flat=True)
            )
            self.fields["revision"].initial = self.instance.revision
            if "work_visits" in self.fields:
                self.fields["work_visits"].initial = list(self.instance.events.all())

    def clean_region_codes(self) -> list[Region]:
        raw = self.cleaned_data.get("region_codes") or ""
        found, unknown = [], []
        for part in [p.strip() for p in raw.split(",") if p.strip()][:30]:
            region = latest_region(part)
            if region is None:
                unknown.append(part)
            else:
                found.append(region)
        if unknown:
            raise ValidationError(
                _("No gemeente, wijk or buurt is known as: %(names)s.")
                % {"names": ", ".join(unknown)}
            )
        return found


def latest_region(text: str) -> Region | None:
    """A region by code or exact name, in its latest indeling (gemeenten first)."""
    text = text.strip()
    by_code = Region.objects.filter(code=text.upper()).order_by("-year").first()
    if by_code:
        return by_code
    return (
        Region.objects.filter(name__iexact=text)
        .annotate(rank=Case(When(level="gemeente", then=0), When(level="wijk", then=1), default=2))
        .order_by("-year", "rank")
        .first()
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        extension = Path(upload.name).suffix.lower()
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        if extension not in ATTACHMENT_TYPES:
            raise ValidationError(
                _("Files of this type cannot be attached. Allowed: %(types)s.") % {"types": allowed}
            )
        content_type, starts = ATTACHMENT_TYPES[extension]
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in starts):
            raise ValidationError(
                _("This file is not a real %(type)s file. Allowed: %(types)s.")
                % {"type": extension, "types": allowed}
            )
        self.content_type = content_type
        if content_type.startswith("image/"):
            # a picture is stored as a new JPEG of its pixels: no EXIF, no location
            try:
                clean = clean_photo(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["photo"]) from error
            self.content_type = "image/jpeg"
            clean.name = Path(upload.name).stem + ".jpg"
            return clean
        return upload


class QualityForm(EmptyChoiceLabels, forms.Form):
    level = forms.ChoiceField(label=_("Quality level"), choices=QualityLevel.choices)
    reason = forms.CharField(
        label=_("Why this level"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class UsageForm(forms.Form):
    place = forms.CharField(
        label=_("Where did you use it? (gemeente or wijk)"),
        max_length=120,
        help_text=_("A name or a code, e.g. “Leeuwarden” or “WK008004”."),
    )
    note = forms.CharField(label=_("How it went (optional)"), required=False, max_length=500)

    def clean_place(self) -> Region:
        region = latest_region(self.cleaned_data["place"])
        if region is None or region.level not in ("gemeente", "wijk"):
            raise ValidationError(_("No gemeente or wijk is known by this name or code."))
        return region


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How useful was this for you?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class ShareForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class ReviewerForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.user.name or m.user.email


class NewItemForm(EmptyChoiceLabels, forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
