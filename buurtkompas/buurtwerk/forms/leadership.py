"""Forms of the leadership ladder. They only validate; views hand cleaned data to services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.forms.activities import (
    DATE_WIDGET,
    ContactChoiceField,
    InitiativeChoiceField,
)
from buurtkompas.buurtwerk.models import LeadershipStep
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.buurtwerk.selectors import leadership as selectors
from buurtkompas.buurtwerk.selectors.activities import initiative_choices
from buurtkompas.core.forms import EmptyChoiceLabels


class StepForm(EmptyChoiceLabels, forms.ModelForm):
    contact = ContactChoiceField(queryset=None, label=_("Resident"), empty_label=_("(choose)"))
    rung = forms.TypedChoiceField(
        label=_("Step on the ladder"), choices=Rung.choices, coerce=int, widget=forms.RadioSelect
    )
    initiative = InitiativeChoiceField(
        queryset=None, required=False, label=_("Initiative"), empty_label=_("(none)")
    )

    class Meta:
        model = LeadershipStep
        fields = ["contact", "rung", "taken_on", "initiative", "note"]
        widgets = {"taken_on": DATE_WIDGET}
        help_texts = {"note": _("One line: what the resident did or took on.")}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = selectors.recordable_contacts(workspace)
        self.fields["initiative"].queryset = initiative_choices(workspace)
        self.fields["note"].widget.attrs["autocomplete"] = "off"

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return taken_on


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]

    def year(self) -> int:
        """The chosen year, or this year."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["jaar"]
        return timezone.localdate().year
