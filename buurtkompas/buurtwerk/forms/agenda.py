from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtkompas.buurtwerk.models import AgendaItem, Initiative
from buurtkompas.core.forms import EmptyChoiceLabels
from buurtkompas.core.params import SEARCH_MAX
from buurtkompas.residents.forms import BuurtField, offer_buurten
from buurtkompas.residents.selectors import buurt_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SUPPORTERS_MAX = 100_000


class AgendaItemForm(EmptyChoiceLabels, forms.ModelForm):
    buurt = BuurtField(queryset=None, required=False, label=_("Buurt"), empty_label=_("(no buurt)"))

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "buurt", "street", "channel", "supporters", "raised_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "raised_on": DATE,
        }
        help_texts = {
            "title": _("A wish, idea or problem, in the residents' own words."),
            "description": _("No names of residents: the whole team and its partners read this."),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        offer_buurten(self, workspace)
        self.fields["supporters"].max_value = SUPPORTERS_MAX
        self.fields["supporters"].widget.attrs["max"] = SUPPORTERS_MAX
        if not self.instance.pk:
            self.initial.setdefault("raised_on", timezone.localdate())

    def clean_raised_on(self):
        raised_on = self.cleaned_data["raised_on"]
        if raised_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return raised_on


class AgendaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgendaItem.Status.choices)
    reason = forms.CharField(
        label=_("Reason (needed when it is not feasible)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        help_text=_("What the residents who raised it are told."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == AgendaItem.Status.NOT_FEASIBLE
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why it is not feasible."))
        return data


def status_form(item: AgendaItem, data=None) -> AgendaStatusForm:
    return AgendaStatusForm(data, initial={"status": item.status, "reason": item.status_reason})


class TakeUpForm(EmptyChoiceLabels, forms.ModelForm):
    """The initiative an agenda item becomes, prefilled from the item."""

    class Meta:
        model = Initiative
        fields = ["title", "goal", "chain_stage"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


def take_up_form(item: AgendaItem, data=None) -> TakeUpForm:
    return TakeUpForm(data, initial={"title": item.title, "goal": item.description})


SORT_CHOICES = [("date", _("newest first")), ("supporters", _("most supporters first"))]


class AgendaFilterForm(forms.Form):
    """The filters of the agenda list (sent by GET: items hold no personal data)."""

    q = forms.CharField(label=_("Search"), max_length=SEARCH_MAX, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all"))] + AgendaItem.Status.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("How it came in"),
        choices=[("", _("all"))] + AgendaItem.Channel.choices,
        required=False,
    )
    buurt = BuurtField(queryset=None, required=False, label=_("Buurt"), empty_label=_("all"))
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurt_choices(workspace)
        if not self.fields["buurt"].queryset.exists():  # nothing to choose: no filter at all
            del self.fields["buurt"]
        self.fields["q"].widget.attrs.update({"type": "search", "enterkeyhint": "search"})

    def filters(self) -> dict:
        """The valid filters only: a stale link with one bad value still shows the rest."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "q" in data:
            data["query"] = data.pop("q")
        return data
