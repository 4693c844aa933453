from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import LogEntry
from buurtkompas.buurtwerk.selectors.logbook import tag_choices
from buurtkompas.core.forms import EmptyChoiceLabels, TeamRecordsField
from buurtkompas.core.params import SEARCH_MAX

TEXT_MAX = 5000
DATE_INPUT = {"type": "date"}
TAGS = ("initiatives", "stakeholders", "agenda_items")


class LogEntryForm(EmptyChoiceLabels, forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["written_on", "title", "text", *TAGS]
        widgets = {
            "written_on": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 10, "maxlength": TEXT_MAX}),
            "initiatives": forms.CheckboxSelectMultiple,
            "stakeholders": forms.CheckboxSelectMultiple,
            "agenda_items": forms.CheckboxSelectMultiple,
        }
        field_classes = dict.fromkeys(TAGS, TeamRecordsField)
        help_texts = {
            "text": _(
                "What was discussed and agreed. Write about residents only what the team needs; "
                "at most 5000 characters."
            ),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in tag_choices(workspace).items():
            self.fields[name].queryset = queryset
        if not self.is_bound and not self.initial.get("written_on"):
            self.initial["written_on"] = timezone.localdate()

    def clean_written_on(self):
        written_on = self.cleaned_data["written_on"]
        if written_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return written_on


class LogbookFilterForm(forms.Form):
    """The search and filters of the logbook. Words are only read from a POST, so what someone
    searched for (perhaps a resident's name) never lands in a URL; the other filters may come
    from a link too."""

    q = forms.CharField(
        label=_("Words in the subject or note"), max_length=SEARCH_MAX, required=False
    )
    initiatief = forms.ModelChoiceField(
        label=_("Initiative"), queryset=None, required=False, empty_label=_("all initiatives")
    )
    partij = forms.ModelChoiceField(
        label=_("Party"), queryset=None, required=False, empty_label=_("all parties")
    )
    agendapunt = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=None, required=False, empty_label=_("all agenda items")
    )
    van = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        choices = tag_choices(workspace)
        self.fields["initiatief"].queryset = choices["initiatives"]
        self.fields["partij"].queryset = choices["stakeholders"]
        self.fields["agendapunt"].queryset = choices["agenda_items"]
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "enterkeyhint": "search"})

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    MORE = ("initiatief", "partij", "agendapunt", "van", "tot")

    def uses_more_filters(self) -> bool:
        """Whether a tag or date filter is set (or wrong), so the page shows them unfolded."""
        if not self.is_bound:
            return False
        if not self.is_valid():
            return True
        return any(self.cleaned_data.get(name) for name in self.MORE)

    def filters(self) -> dict:
        """Keyword arguments for selectors.logbook.log_entries (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "words": data["q"],
            "initiative": data["initiatief"],
            "stakeholder": data["partij"],
            "agenda_item": data["agendapunt"],
            "date_from": data["van"],
            "date_to": data["tot"],
        }
