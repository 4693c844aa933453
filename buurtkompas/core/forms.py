"""Form fields every app uses for ids that come from the browser.

A single choice (ModelChoiceField) needs nothing extra: Django answers an out-of-range id in an
exact lookup with "no such record". A multiple choice asks with `pk__in`, which SQLite cannot
bind beyond 64 bits; TeamRecordsField checks each value first."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from buurtkompas.core import params


def check_id(field: forms.ModelMultipleChoiceField, value) -> None:
    """Refuse a value that cannot be a record's id before it reaches the database: a
    non-number gets Django's "not a valid value", a number out of range "not one of the
    available choices" (as an id of another team does)."""
    field.validate_no_null_characters(value)
    if not params.is_whole_number(value):
        raise ValidationError(
            field.error_messages["invalid_pk_value"],
            code="invalid_pk_value",
            params={"pk": value},
        )
    if params.record_id(value) is None:
        raise ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class TeamRecordsField(forms.ModelMultipleChoiceField):
    """A choice of several records by id (checkboxes). Every submitted value is checked to be
    an id the database can hold before the queryset is asked for it, so a huge or very
    negative id is a form error, never a server error."""

    def _check_values(self, value):
        if self.to_field_name is None:  # the values are ids (not, say, codes)
            for pk in value:
                check_id(self, pk)
        return super()._check_values(value)


CHOOSE = gettext_lazy("— choose —")
NONE = gettext_lazy("(none)")
DASHES = "---------"  # Django's empty choice, which means nothing to a reader


def label_empty_choices(form: forms.BaseForm, labels: dict | None = None) -> None:
    """Give every select of the form whose first option is Django's "---------" an empty
    option that says what choosing nothing means: `labels[name]` if given, else "— choose —"
    for a required field and "(none)" for an optional one."""
    for name, field in form.fields.items():
        label = (labels or {}).get(name) or (CHOOSE if field.required else NONE)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", label), *choices[1:]]


class EmptyChoiceLabels:
    """Form mixin (put it first): `label_empty_choices` after the form is made. A form names
    a field's empty option in `empty_labels = {"buurt": _("(no buurt)")}`."""

    empty_labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self, self.empty_labels)
