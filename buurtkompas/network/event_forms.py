"""Forms of events and registrations; field errors come back on the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkompas.network.models import Event, ProgrammeItem
from buurtkompas.regions.models import Region

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ANSWERS_MAX = 300


class EventForm(forms.ModelForm):
    region_code = forms.CharField(
        label=_("Buurt or wijk (CBS code)"),
        required=False,
        max_length=10,
        help_text=_("For example WK059915 or BU03440000; links the event to the atlas page."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "host_workspace",
            "place_name",
            "address",
            "online_url",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_deadline",
            "open_to_guests",
            "ask_dietary",
            "ask_accessibility",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["host_workspace"]
        field.label = _("Host team (for a work visit)")
        field.queryset = field.queryset.filter(memberships__user=user).distinct()
        if self.instance.pk and self.instance.region_id:
            self.initial["region_code"] = self.instance.region.code
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean_region_code(self):
        code = self.cleaned_data["region_code"].strip().upper()
        if not code:
            return None
        region = (
            Region.objects.filter(code=code, level__in=("buurt", "wijk")).order_by("-year").first()
        )
        if region is None:
            raise forms.ValidationError(_("No buurt or wijk with this code."))
        return region

    def clean(self):
        data = super().clean()
        if data.get("kind") == Event.Kind.WORK_VISIT and not data.get("host_workspace"):
            self.add_error("host_workspace", _("A work visit has a host team."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data.pop("region_code")
        return data


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "ends_at", "title", "description", "presenters", "room", "capacity"]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=300,
        help_text=_("Everyone registered or waiting gets an e-mail with this."),
    )


class RegisterForm(forms.Form):
    """What a registration asks: the programme items to choose and the optional questions."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.programme.exists():
            self.fields["items"] = forms.ModelMultipleChoiceField(
                label=_("Which parts of the programme do you join?"),
                queryset=event.programme.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if event.ask_dietary:
            self.fields["dietary"] = forms.CharField(
                label=_("Dietary needs (optional)"), required=False, max_length=ANSWERS_MAX
            )
        if event.ask_accessibility:
            self.fields["accessibility"] = forms.CharField(
                label=_("Accessibility needs (optional)"), required=False, max_length=ANSWERS_MAX
            )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "items": list(data.get("items") or ()),
            "dietary": data.get("dietary", ""),
            "accessibility": data.get("accessibility", ""),
        }


class GuestForm(RegisterForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation (optional)"), required=False, max_length=150
    )
    # A field people never see (hidden with CSS, not with type=hidden): only robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["name", "email", "organisation"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        guest = {"name": data["name"], "email": data["email"], "organisation": data["organisation"]}
        return guest | super().service_fields()
