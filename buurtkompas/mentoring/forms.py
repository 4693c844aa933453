"""Forms of mentoring; a bad value is a field error and the page comes back with what was typed."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.core.dates import show_date
from buurtkompas.core.forms import EmptyChoiceLabels
from buurtkompas.mentoring.models import MasterPreference
from buurtkompas.mentoring.selectors import gemeenten
from buurtkompas.network.models import Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [
    (1, _("1 – not reached")),
    (2, _("2 – a little")),
    (3, _("3 – partly")),
    (4, _("4 – largely")),
    (5, _("5 – fully reached")),
]


def themes_field(label):
    return forms.MultipleChoiceField(
        label=label,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )


class OfferForm(forms.Form):
    themes = themes_field(_("Themes you can guide rookies in"))
    gemeenten = forms.CharField(
        label=_("Gemeenten where you work or can meet"),
        max_length=1000,
        help_text=_("Names or CBS codes, separated by commas, for example Rotterdam, GM0599."),
    )
    capacity = forms.TypedChoiceField(
        label=_("How many rookies at the same time"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience in community work"), min_value=0, max_value=60
    )
    retired = forms.BooleanField(label=_("I am retired"), required=False)
    max_travel_km = forms.IntegerField(
        label=_("How far you want to travel (km)"),
        min_value=1,
        max_value=400,
        required=False,
        help_text=_("Leave empty if distance does not matter to you."),
    )
    preferences = forms.CharField(
        label=_("Wishes about a rookie (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, offer=None, **kwargs):
        if offer is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                "themes": offer.themes,
                "gemeenten": ", ".join(r.name for r in offer.regions.order_by("name")),
                "capacity": offer.capacity,
                "years_experience": offer.years_experience,
                "retired": offer.retired,
                "max_travel_km": offer.max_travel_km,
                "preferences": offer.preferences,
            }
        super().__init__(*args, **kwargs)

    def clean_gemeenten(self):
        words = [w.strip() for w in self.cleaned_data["gemeenten"].split(",") if w.strip()]
        if not words:
            raise forms.ValidationError(_("Name at least one gemeente."))
        if len(words) > 20:
            raise forms.ValidationError(_("Name at most 20 gemeenten."))
        known = {}
        for region in gemeenten():
            known[region.code.lower()] = known[region.name.lower()] = region
        unknown = [w for w in words if w.lower() not in known]
        if unknown:
            raise forms.ValidationError(
                _("No gemeente named %(names)s.") % {"names": ", ".join(unknown)}
            )
        return list({known[w.lower()].pk: known[w.lower()] for w in words}.values())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["regions"] = data.pop("gemeenten")
        return data


class RequestForm(EmptyChoiceLabels, forms.Form):
    learning_goals = forms.CharField(
        label=_("What you want to learn"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    themes = themes_field(_("Themes you want to learn about"))
    region = forms.ModelChoiceField(label=_("Gemeente where you work"), queryset=None)
    availability = forms.CharField(
        label=_("When you are available"),
        max_length=300,
        help_text=_("For example: Tuesday afternoons, every other week."),
    )
    master_preference = forms.ChoiceField(
        label=_("Your wish about the master"), choices=MasterPreference.choices, required=False
    )
    preferences = forms.CharField(
        label=_("Other wishes about a master (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    empty_labels = {"region": _("— choose a gemeente —")}

    def __init__(self, *args, request_=None, **kwargs):
        if request_ is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                "learning_goals": request_.learning_goals,
                "themes": request_.themes,
                "region": request_.region_id,
                "availability": request_.availability,
                "master_preference": request_.master_preference,
                "preferences": request_.preferences,
            }
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = gemeenten()
        self.fields["region"].label_from_instance = lambda region: region.name


class ProposeForm(forms.Form):
    offer = forms.ModelChoiceField(label=_("Master"), queryset=None)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("Yes, I accept")), ("no", _("No, I decline"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not (optional; the coordinators read it)"), max_length=500, required=False
    )


def within_reach(day, *, latest):
    """A date a trajectory can have: from 2000 on, and not after `latest` (a year 9999 would
    make the evaluations' due dates impossible)."""
    if day.year < 2000 or day > latest:
        raise ValidationError(
            _("Give a date between 1 January 2000 and %(latest)s.") % {"latest": show_date(latest)}
        )
    return day


class IntakeForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)

    def clean_start_date(self):
        latest = timezone.localdate() + dt.timedelta(days=366)
        return within_reach(self.cleaned_data["start_date"], latest=latest)

    goals = forms.CharField(
        label=_("Goals for this year"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.CharField(
        label=_("Agreements (how often you meet, where, how you keep in touch)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)

    def clean_date(self):  # a day after today is refused by the service, with its own words
        day = self.cleaned_data["date"]
        return within_reach(day, latest=max(day, timezone.localdate()))

    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=5, max_value=600
    )
    topics = forms.CharField(label=_("Topics"), max_length=500)
    private_notes = forms.CharField(
        label=_("Private notes (optional)"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the two of you can read these notes; the coordinators cannot."),
    )

    @classmethod
    def of(cls, meeting):
        return {
            "date": meeting.date,
            "duration_minutes": meeting.duration_minutes,
            "topics": meeting.topics,
            "private_notes": meeting.private_notes,
        }


class EvaluationForm(forms.Form):
    goals_reached = forms.TypedChoiceField(
        label=_("How far are the goals of the intake reached?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (only the two of you read them)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the trajectory end early?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The rookie, the master and the network's coordinators read this."),
    )
