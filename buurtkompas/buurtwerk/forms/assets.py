from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import Asset
from buurtkompas.buurtwerk.selectors.assets import contact_choices
from buurtkompas.core.forms import EmptyChoiceLabels
from buurtkompas.core.params import SEARCH_MAX
from buurtkompas.residents.forms import BuurtField, offer_buurten

# The Netherlands, generously: coordinates outside this box are a typing error.
LATITUDE_RANGE = (50.0, 54.0)
LONGITUDE_RANGE = (3.0, 8.0)


class CoordinateField(forms.FloatField):
    """A decimal degree, written with a point or a decimal comma (51.89 or 51,89)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, bounds: tuple[float, float], error: str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.bounds, self.error = bounds, error

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.bounds[0] <= value <= self.bounds[1]:
            raise forms.ValidationError(self.error)


class ContactField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class AssetForm(EmptyChoiceLabels, forms.ModelForm):
    buurt = BuurtField(queryset=None, required=False, label=_("Buurt"), empty_label=_("(no buurt)"))
    contact = ContactField(
        queryset=None,
        required=False,
        label=_("Resident (only for a talent)"),
        empty_label=_("(none)"),
        help_text=_("The resident must have consented to being listed as a volunteer."),
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        bounds=LATITUDE_RANGE,
        error=_("A latitude in the Netherlands lies between 50 and 54, for example 51.8876."),
        help_text=_("Optional, in decimal degrees, for example 51.8876."),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        bounds=LONGITUDE_RANGE,
        error=_("A longitude in the Netherlands lies between 3 and 8, for example 4.4893."),
        help_text=_("Optional, in decimal degrees, for example 4.4893."),
    )

    class Meta:
        model = Asset
        fields = ["kind", "title", "description", "skills", "contact", "buurt"]
        fields += ["latitude", "longitude"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        help_texts = {
            "skills": _(
                "Keywords people search for, for example: cooking, bicycle repair, Arabic."
            ),
        }

    def __init__(self, *args, workspace, personal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        offer_buurten(self, workspace)
        if personal:
            self.fields["contact"].queryset = contact_choices(workspace)
        else:  # who may not see residents' names cannot link a talent to one
            del self.fields["contact"]
            kind = self.fields["kind"]
            kind.choices = [(k, v) for k, v in kind.choices if k != Asset.Kind.TALENT]

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "longitude" if data.get("longitude") is None else "latitude",
                _("Give both the latitude and the longitude, or neither."),
            )
        talent = data.get("kind") == Asset.Kind.TALENT
        if talent and "contact" in self.fields and not data.get("contact"):
            self.add_error("contact", _("Choose the resident whose talent this is."))
        return data


class ConnectionField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.get_kind_display()})"


class ConnectForm(forms.Form):
    other = ConnectionField(queryset=None, label=_("Connect with"), empty_label=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = queryset


class AssetFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *Asset.Kind.choices]
    )
    zoek = forms.CharField(
        label=_("Who can help with …"),
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
        help_text=_("Searches the title, description and keywords, for example: cooking."),
    )

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["soort"], self.cleaned_data["zoek"].strip()
