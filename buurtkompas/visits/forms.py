"""Forms of the household visit: planning, one small form per recording step, a meter reading,
a measure, a referral, the housing problems, finishing, and the team's measures and services.

Step forms are built on a blank visit with the saved values as `initial`, so validating a form
never touches the visit itself: only `services.visit_step_save` writes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.core.forms import EmptyChoiceLabels, label_empty_choices

from . import services
from .models import (
    FittedMeasure,
    HouseholdVisit,
    HousingProblemSeen,
    MeterReading,
    Referral,
    ReferralService,
    TeamMeasure,
)

DATE_WIDGET = {"type": "date"}


# A visit or a follow-up is planned at most this far ahead (a typo such as 9999 is refused).
PLAN_AHEAD_DAYS = 2 * 366


def date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )


def planned_date(value):
    """A date to plan for: today or later, and not more than two years ahead (or empty)."""
    today = timezone.localdate()
    if value is not None and value < today:
        raise forms.ValidationError(_("Choose today or a later date."))
    if value is not None and (value - today).days > PLAN_AHEAD_DAYS:
        raise forms.ValidationError(_("Choose a date within the next two years."))
    return value


class VisitPlanForm(forms.Form):
    planned_for = date_field(_("Date of the visit"))

    def clean_planned_for(self):
        return planned_date(self.cleaned_data["planned_for"])


def visit_plan_form(data=None) -> VisitPlanForm:
    return VisitPlanForm(data)


class StepForm(forms.ModelForm):
    """A recording step: only the step's fields, each optional (a draft is valid)."""

    class Meta:
        model = HouseholdVisit
        fields = ()

    def __init__(self, *args, visit, may_share_income=False, **kwargs):
        fields = services.STEP_FIELDS[self.step]
        kwargs.setdefault("initial", {f: getattr(visit, f) for f in fields})
        super().__init__(*args, instance=HouseholdVisit(), **kwargs)
        for field in self.fields.values():
            field.required = False
        label_empty_choices(self, dict.fromkeys(self.fields, _("(not known)")))
        if not may_share_income:
            for name in services.INCOME_FIELDS:
                self.fields.pop(name, None)

    def step_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DwellingForm(StepForm):
    step = "woning"

    class Meta(StepForm.Meta):
        fields = services.STEP_FIELDS["woning"]

    def clean(self):
        data = super().clean()
        if data.get("corporation_name") and data.get("tenure") != "corporation_rent":
            self.add_error(
                "corporation_name", _("Only for a home rented from a housing corporation.")
            )
        return data


class HouseholdForm(StepForm):
    step = "huishouden"

    class Meta(StepForm.Meta):
        fields = services.STEP_FIELDS["huishouden"]

    def clean(self):
        data = super().clean()
        size, children = data.get("household_size"), data.get("children")
        if size is not None and children is not None and children >= size:
            self.add_error(
                "children", _("At least one adult lives here: fewer children than people.")
            )
        return data


class EnergyUseForm(StepForm):
    step = "energiegebruik"

    class Meta(StepForm.Meta):
        fields = services.STEP_FIELDS["energiegebruik"]

    def clean_electricity_kwh_year(self):
        value = self.cleaned_data.get("electricity_kwh_year")
        if value is not None and value > services.MAX_KWH_PER_YEAR:
            raise forms.ValidationError(
                _("More than 50.000 kWh a year is not a household. Check the number.")
            )
        return value

    def clean_gas_m3_year(self):
        value = self.cleaned_data.get("gas_m3_year")
        if value is not None and value > services.MAX_M3_PER_YEAR:
            raise forms.ValidationError(
                _("More than 10.000 m³ gas a year is not a household. Check the number.")
            )
        return value

    def clean_monthly_advance_eur(self):
        value = self.cleaned_data.get("monthly_advance_eur")
        if value is not None and not 0 <= value <= 2000:
            raise forms.ValidationError(_("Fill in an amount between € 0 and € 2,000 a month."))
        return value

    def clean_energy_costs_year_eur(self):
        value = self.cleaned_data.get("energy_costs_year_eur")
        if value is not None and not 0 <= value <= 25000:
            raise forms.ValidationError(_("Fill in an amount between € 0 and € 25,000 a year."))
        return value


class WishesForm(StepForm):
    step = "wensen"

    class Meta(StepForm.Meta):
        fields = services.STEP_FIELDS["wensen"]
        widgets = {
            "wishes": forms.Textarea(attrs={"rows": 4}),
            "advice": forms.Textarea(attrs={"rows": 4}),
        }


STEP_FORMS = {form.step: form for form in (DwellingForm, HouseholdForm, EnergyUseForm, WishesForm)}


class MeterReadingForm(EmptyChoiceLabels, forms.ModelForm):
    read_on = date_field(_("Date read"))

    class Meta:
        model = MeterReading
        fields = ("read_on", "electricity_kwh", "gas_m3", "source", "photo")
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }

    def __init__(self, *args, may_add_photo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = MeterReading.Source.COACH
        if not may_add_photo:
            del self.fields["photo"]

    def _post_clean(self):
        """The service checks the reading against the household's earlier ones."""


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=7, decimal_places=2, initial=1)
    status = forms.ChoiceField(
        label=_("Fitted now or advised"),
        choices=FittedMeasure.Status.choices,
        initial=FittedMeasure.Status.FITTED,
        widget=forms.RadioSelect,
    )
    material_cost_eur = forms.DecimalField(
        label=_("Material cost (€, optional)"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Empty: the team's price, if it set one."),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—")] + [(c.value, c.name) for c in choices]


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("Refer to"))
    follow_up_on = date_field(_("Follow up on (optional)"), required=False)
    note = forms.CharField(
        label=_("Short note (optional, no names)"), max_length=300, required=False
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "—")] + [(c.value, c.name) for c in choices]

    def clean_follow_up_on(self):
        return planned_date(self.cleaned_data["follow_up_on"])


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Referral.Status.choices)
    follow_up_on = date_field(_("Follow up on (optional)"), required=False)

    def clean_follow_up_on(self):
        return planned_date(self.cleaned_data["follow_up_on"])


class ProblemsForm(forms.Form):
    problems = forms.MultipleChoiceField(
        label=_("Housing problems seen"),
        choices=HousingProblemSeen.Problem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class CompleteForm(forms.Form):
    done_on = date_field(_("Date of the visit"))
    follow_up_weeks = forms.IntegerField(
        label=_("Follow-up visit after (weeks, optional)"),
        min_value=1,
        max_value=104,
        required=False,
        help_text=_("For example 26 to compare the meter readings after half a year."),
    )


class FollowUpForm(forms.Form):
    planned_for = date_field(_("Date of the follow-up visit"))

    def clean_planned_for(self):
        return planned_date(self.cleaned_data["planned_for"])


class TeamMeasureForm(EmptyChoiceLabels, forms.ModelForm):
    catalogue_key = forms.ChoiceField(label=_("Price for a catalogue measure"), required=False)

    class Meta:
        model = TeamMeasure
        fields = services.TEAM_MEASURE_FIELDS

    def __init__(self, *args, catalogue_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue_key"].choices = [("", _("— none: our own measure —"))] + list(
            catalogue_choices
        )

    def _post_clean(self):
        """The service checks the measure (name or catalogue key, one price per measure)."""


class ReferralServiceForm(EmptyChoiceLabels, forms.ModelForm):
    url = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = ReferralService
        fields = ("name", "purpose", "how_to_reach", "url", "phone", "active")

    def _post_clean(self):
        """Nothing to check beyond the fields."""
