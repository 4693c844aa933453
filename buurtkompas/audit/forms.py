from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkompas.audit import selectors
from buurtkompas.audit.labels import action_label


class AuditFilterForm(forms.Form):
    """The filters of the audit log page and its CSV export (sent by GET)."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Member"), queryset=None, required=False, empty_label=_("everyone")
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        actions = selectors.actions_of(workspace)
        self.fields["action"].choices = [
            ("", _("all actions")),
            *sorted(((a, action_label(a)) for a in actions), key=lambda c: str(c[1]).casefold()),
        ]
        self.fields["actor"].queryset = selectors.actors_of(workspace)
        self.fields["actor"].label_from_instance = lambda user: user.name or user.email

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        """Keyword arguments for selectors.filtered_events (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
