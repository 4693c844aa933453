from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import Agreement, Stakeholder
from buurtkompas.buurtwerk.selectors.stakeholders import owner_choices
from buurtkompas.core.forms import EmptyChoiceLabels

SCALE = [
    (1, _("1 – very little")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – very much")),
]


def scale_field(label, help_text) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=SCALE, coerce=int, initial=3, help_text=help_text
    )


class StakeholderForm(EmptyChoiceLabels, forms.ModelForm):
    influence = scale_field(
        _("Influence (1–5)"), _("How much can this party change what happens in the buurt?")
    )
    interest = scale_field(
        _("Interest (1–5)"), _("How much does this party care about what the residents want?")
    )

    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "contact_person", "influence", "interest", "attitude", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        help_texts = {
            "contact_person": _("The person the team deals with there, for example their role."),
            "attitude": _("Towards the residents' plans, as the team sees it now."),
        }


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name or obj.email


class AgreementForm(EmptyChoiceLabels, forms.ModelForm):
    owner = OwnerField(
        queryset=None, required=False, label=_("Who follows it up"), empty_label=_("(nobody yet)")
    )

    class Meta:
        model = Agreement
        fields = ["what", "owner", "due_on", "status"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(workspace)


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("all agreements")),
            ("overdue", _("overdue")),
            *Agreement.Status.choices,
        ],
    )

    def value(self) -> str:
        return self.cleaned_data["status"] if self.is_valid() else ""
