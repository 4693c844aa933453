from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import Initiative, Milestone
from buurtkompas.buurtwerk.models.initiatives import ChainStage
from buurtkompas.buurtwerk.selectors import initiatives as selectors
from buurtkompas.core.forms import EmptyChoiceLabels, TeamRecordsField
from buurtkompas.residents.models import Purpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple


class LeadsField(TeamRecordsField):
    def label_from_instance(self, obj) -> str:
        if obj.active_consent(Purpose.CONTACT) is None:
            return gettext("%(name)s (no consent to be contacted yet)") % {"name": obj.name}
        return obj.name


class InitiativeForm(EmptyChoiceLabels, forms.ModelForm):
    leads = LeadsField(
        queryset=None,
        required=False,
        widget=CHECKBOXES,
        label=_("Resident leads"),
        help_text=_("Only residents who consented to be contacted can be a lead."),
    )

    class Meta:
        model = Initiative
        fields = ["title", "goal", "chain_stage", "status", "leads", "partners", "agenda_items"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "partners": CHECKBOXES,
            "agenda_items": CHECKBOXES,
        }
        field_classes = {"partners": TeamRecordsField, "agenda_items": TeamRecordsField}

    def __init__(self, *args, workspace, membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.can_see_personal_data:
            self.fields["leads"].queryset = selectors.lead_candidates(workspace)
        else:
            del self.fields["leads"]  # never shown, never sent, never changed
        self.fields["partners"].queryset = selectors.partner_choices(workspace)
        self.fields["agenda_items"].queryset = selectors.agenda_item_choices(workspace)


class InitiativeFilterForm(forms.Form):
    chain_stage = forms.ChoiceField(
        label=_("Chain stage"), choices=[("", _("all"))] + ChainStage.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all"))] + Initiative.Status.choices, required=False
    )

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class MilestoneForm(EmptyChoiceLabels, forms.ModelForm):
    progress_pct = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("A whole number from 0 to 100."),
    )
    note = forms.CharField(
        label=_("Note for the history"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_(
            "What was done or why it changed. Shown in the history; no names of residents."
        ),
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "progress_pct"]
        widgets = {"due_on": DATE}
