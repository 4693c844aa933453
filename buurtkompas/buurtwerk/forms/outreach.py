"""Forms of the outreach module. They only validate; views hand cleaned data to services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.forms.activities import DATE_WIDGET
from buurtkompas.buurtwerk.models import Campaign, CampaignTally
from buurtkompas.buurtwerk.models.outreach import FUNNEL
from buurtkompas.buurtwerk.services.outreach import funnel_errors
from buurtkompas.core.forms import EmptyChoiceLabels


class CampaignForm(EmptyChoiceLabels, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "started_on", "ended_on"]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}
        help_texts = {"ended_on": _("Leave empty while the campaign runs.")}

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end is before the start."))
        return data


class TallyForm(EmptyChoiceLabels, forms.ModelForm):
    """One round. Each step counts a part of the step before it, so it cannot be larger."""

    class Meta:
        model = CampaignTally
        fields = ["counted_on", *FUNNEL]
        widgets = {"counted_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"counted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        for field in FUNNEL:
            self.fields[field].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        data = super().clean()
        if not any(self.has_error(field) for field in FUNNEL):
            for field, message in funnel_errors(data).items():
                self.add_error(field, message)
        return data
