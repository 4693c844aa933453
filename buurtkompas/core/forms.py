"""Form fields every app uses for ids that come from the browser.

A single choice (ModelChoiceField) needs nothing extra: Django answers an out-of-range id in an
exact lookup with "no such record". A multiple choice asks with `pk__in`, which SQLite cannot
bind beyond 64 bits; TeamRecordsField checks each value first."""

from django import forms
from django.core.exceptions import ValidationError

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
