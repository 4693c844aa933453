from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkompas.residents.models import NOTES_MAX, Contact, Method, Purpose
from buurtkompas.residents.selectors import buurt_choices


class BuurtField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


NO_BUURTEN = _(
    "There is no buurt to choose here: your team has not chosen any buurten, and no buurten "
    "are known in its wijken. A coordinator chooses the team's areas under Settings."
)


def offer_buurten(form: forms.BaseForm, workspace, name: str = "buurt") -> None:
    """The team's buurten in the form's select. A team without buurten gets no select whose
    only option is "(no buurt)": the field is hidden and `form.notes` says why."""
    field = form.fields[name]
    field.queryset = buurt_choices(workspace)
    if not field.queryset.exists():
        field.widget = forms.HiddenInput()
        form.notes = [*getattr(form, "notes", ()), NO_BUURTEN]


class ContactForm(forms.ModelForm):
    buurt = BuurtField(queryset=None, required=False, label=_("Buurt"), empty_label=_("(no buurt)"))

    class Meta:
        model = Contact
        fields = ["name", "reach", "buurt", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4, "maxlength": NOTES_MAX})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["reach"].widget.attrs["autocomplete"] = "off"
        offer_buurten(self, workspace)
        self.fields["notes"].help_text = gettext(
            "At most %(max)d characters. Only what you need to stay in touch."
        ) % {"max": NOTES_MAX}


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    partner_name = forms.CharField(
        label=_("Partner (for sharing)"),
        max_length=150,
        required=False,
        help_text=_("Only when the purpose is sharing: the organisation the resident agreed to."),
    )
    given_on = forms.DateField(
        label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=Method.choices)

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return given_on

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Purpose.SHARE and not data.get("partner_name", "").strip():
            self.add_error("partner_name", _("Name the partner the resident agreed to share with."))
        return data


def consent_form(data=None) -> ConsentForm:
    return ConsentForm(data, initial={"given_on": timezone.localdate()})
