from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import HousingSignal
from buurtkompas.core.forms import EmptyChoiceLabels
from buurtkompas.residents.forms import BuurtField, offer_buurten
from buurtkompas.residents.selectors import buurt_choices

DATALIST_ID = "signal-complexes"
HOUSEHOLDS_MAX = 10_000


class SignalForm(EmptyChoiceLabels, forms.ModelForm):
    buurt = BuurtField(queryset=None, required=False, label=_("Buurt"), empty_label=_("(no buurt)"))
    households = forms.IntegerField(
        label=_("Households"),
        min_value=1,
        max_value=HOUSEHOLDS_MAX,
        initial=1,
        help_text=_("How many households told you about this problem."),
    )

    class Meta:
        model = HousingSignal
        fields = ["complex", "buurt", "problem", "households", "noted_on", "source", "note"]
        widgets = {
            "noted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }
        help_texts = {
            "complex": _(
                "The name of the building complex, or the street. Use the same name every time "
                "so the signals end up in one dossier."
            ),
            "note": _(
                "Never write names, house numbers or anything else that shows who reported it. "
                "At most 500 characters."
            ),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        offer_buurten(self, workspace)
        self.fields["complex"].widget.attrs.update({"list": DATALIST_ID, "autocomplete": "off"})
        if not self.is_bound and not self.initial.get("noted_on"):
            self.initial["noted_on"] = timezone.localdate()

    def clean_complex(self) -> str:
        name = " ".join(self.cleaned_data["complex"].split())
        if not name:
            raise forms.ValidationError(_("Name the building complex or the street."))
        return name

    def clean_noted_on(self):
        noted_on = self.cleaned_data["noted_on"]
        if noted_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return noted_on


class SignalFilterForm(forms.Form):
    """The filters of the overview, sent by GET (nothing personal in them)."""

    buurt = BuurtField(
        queryset=None, required=False, label=_("Buurt"), empty_label=_("all buurten")
    )
    probleem = forms.ChoiceField(
        label=_("Problem"),
        required=False,
        choices=[("", _("all problems")), *HousingSignal.Problem.choices],
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurt_choices(workspace)
        if not self.fields["buurt"].queryset.exists():  # nothing to choose: no filter at all
            del self.fields["buurt"]

    def filters(self) -> dict:
        """Keyword arguments for the overview selectors (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"buurt": data.get("buurt"), "problem": data["probleem"]}
