"""Forms of the activities module. They only validate; views hand cleaned data to services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import Activity
from buurtkompas.buurtwerk.selectors import activities as selectors
from buurtkompas.buurtwerk.services.activities import MAX_OCCURRENCES, occurrence_dates
from buurtkompas.core.forms import EmptyChoiceLabels, TeamRecordsField

TEXT_MAX = 2000
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceField(TeamRecordsField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user) -> str:
        return user.name or user.email


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, initiative) -> str:
        return initiative.title


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact) -> str:
        return contact.display_name


class ActivityForm(EmptyChoiceLabels, forms.ModelForm):
    initiative = InitiativeChoiceField(
        queryset=None, required=False, label=_("Initiative"), empty_label=_("(none)")
    )
    organisers = MemberChoiceField(queryset=None, required=False, label=_("Organisers"))

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "initiative",
            "organisers",
            "participants",
            "households_reached",
            "outcomes",
            "notes",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "outcomes": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            "notes": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
        }
        help_texts = {
            "participants": _("Everyone who took part, registered or not."),
            "outcomes": _("What came out of it: agreements, ideas, next steps."),
            "notes": _(
                "Everyone in the team can read this, partners too: do not write residents' names."
            ),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = selectors.initiative_choices(workspace)
        self.fields["organisers"].queryset = selectors.member_users(workspace)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        for name in ("participants", "households_reached"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def main_fields(self):
        """Every field except those of the repeat group (which the template shows apart)."""
        return [field for field in self if field.name not in REPEAT_FIELDS]


REPEAT_FIELDS = ("recurrence", "until", "count")


class ActivityCreateForm(ActivityForm):
    """A new activity may repeat every week or month, until a date or a number of times."""

    recurrence = forms.ChoiceField(
        label=_("Repeats"),
        choices=Activity.Recurrence.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Repeat until (date)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Or give the number of times below."),
    )
    count = forms.IntegerField(
        label=_("Number of times, this one included"),
        required=False,
        min_value=2,
        max_value=MAX_OCCURRENCES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].help_text = gettext("At most %(max)d.") % {"max": MAX_OCCURRENCES}

    def clean(self):
        data = super().clean()
        recurrence, first = data.get("recurrence"), data.get("held_on")
        if not recurrence:
            data["until"] = data["count"] = None
            return data
        if data.get("until") and data.get("count"):
            self.add_error("count", _("Give an end date or a number of times, not both."))
        elif first and not self.has_error("until") and not self.has_error("count"):
            try:
                occurrence_dates(
                    first, recurrence, until=data.get("until"), count=data.get("count")
                )
            except ValidationError as error:
                self.add_error("until", error)
        return data


class ActivityDeleteForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What to delete"),
        choices=[
            ("one", _("Only this one")),
            ("following", _("This one and all following ones of the series")),
        ],
        widget=forms.RadioSelect,
        initial="one",
    )

    def __init__(self, *args, in_series: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            self.fields["scope"].required = False
            self.fields["scope"].widget = forms.HiddenInput()

    def clean_scope(self):
        return self.cleaned_data["scope"] or "one"


class RegisterForm(forms.Form):
    contact = ContactChoiceField(queryset=None, label=_("Resident"), empty_label=_("(choose)"))

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts


class ActivityFilterForm(forms.Form):
    """The list's filters; the field names are the (Dutch) words in the query string."""

    soort = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all kinds")), *Activity.Kind.choices], required=False
    )
    initiatief = InitiativeChoiceField(
        queryset=None, required=False, label=_("Initiative"), empty_label=_("all initiatives")
    )
    wanneer = forms.ChoiceField(
        label=_("When"),
        choices=[
            ("", _("upcoming and past")),
            (selectors.UPCOMING, _("upcoming")),
            (selectors.PAST, _("past")),
        ],
        required=False,
    )
    van = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    tot = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatief"].queryset = selectors.initiative_choices(workspace)

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("The end of the period is before its start."))
        return data
