"""Forms of the team pages. They only validate; views hand the cleaned data to services."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtkompas.accounts.models import Organisation, OrganisationKind
from buurtkompas.accounts.services import organisation_exists_message, organisation_named
from buurtkompas.core.forms import TeamRecordsField
from buurtkompas.core.params import SEARCH_MAX, search_text
from buurtkompas.regions.models import Region
from buurtkompas.workspaces import selectors
from buurtkompas.workspaces.models import Membership, Role, Workspace


class AreaChoiceField(TeamRecordsField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, region):
        level = region.get_level_display()
        if region.parent_id:
            names = {"level": level, "parent": region.parent.name}
            level = gettext("%(level)s in %(parent)s") % names
        return f"{region.name} ({level}, {region.code})"


class WorkspaceForm(forms.ModelForm):
    """Create a team: pick the lead organisation or name a new one; search areas to cover.

    The area search works without JavaScript: its button posts the form back, and the page
    shows the areas already ticked plus those matching the search."""

    new_organisation_name = forms.CharField(
        label=_("or a new organisation: name"), max_length=200, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("kind of the new organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    area_query = forms.CharField(
        label=_("Search a wijk or buurt by name or code"),
        max_length=SEARCH_MAX,
        required=False,
        help_text=_("At most 30 matches are shown; type more of the name to narrow them down."),
    )
    regions = AreaChoiceField(
        label=_("Areas the team works in"), queryset=Region.objects.none(), required=False
    )

    class Meta:
        model = Workspace
        fields = ["name", "description", "lead_organisation", "regions", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = [
        "name",
        "description",
        "lead_organisation",
        "new_organisation_name",
        "new_organisation_kind",
        "area_query",
        "regions",
        "is_public",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["lead_organisation"]
        organisation.required = False
        organisation.queryset = Organisation.objects.order_by("name")
        organisation.empty_label = _("— a new organisation (fill in below) —")
        source = self.data if self.is_bound else self.initial
        selected = (
            source.getlist("regions") if hasattr(source, "getlist") else source.get("regions", [])
        )
        selected = [getattr(region, "pk", region) for region in selected]
        self.fields["regions"].queryset = selectors.area_choices(
            source.get("area_query", "") or "", selected
        )

    @classmethod
    def refilled(cls, data, **kwargs):
        """An unbound form showing what was posted, for the area search (no errors yet)."""
        initial = {name: data.get(name) for name in cls.base_fields}
        initial["regions"] = data.getlist("regions")
        initial["area_query"] = search_text(data.get("area_query"))  # what was searched for
        return cls(initial=initial, **kwargs)

    def clean(self):
        data = super().clean()
        existing = data.get("lead_organisation")
        new_name = (data.get("new_organisation_name") or "").strip()
        if existing and new_name:
            raise forms.ValidationError(
                _("Choose an existing organisation or name a new one, not both.")
            )
        if not existing and not new_name and "lead_organisation" not in self.errors:
            message = _("Choose the lead organisation or name a new one.")
            self.add_error("lead_organisation", message)
        if new_name and not data.get("new_organisation_kind"):
            self.add_error("new_organisation_kind", _("Choose the kind of the new organisation."))
        existing_named = organisation_named(new_name) if new_name else None
        if existing_named is not None:
            self.add_error("new_organisation_name", organisation_exists_message(existing_named))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "description", "regions", "is_public")}


class WorkspaceSettingsForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        fields = [*WorkspaceForm.Meta.fields, "require_2fa_for_coordinators"]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_require_2fa_for_coordinators(self):
        required = self.cleaned_data["require_2fa_for_coordinators"]
        if required and self.user is not None and not self.user.has_2fa:
            raise forms.ValidationError(
                _(
                    "Turn on two-factor authentication for your own account first, "
                    "or you would lock yourself out of this team."
                )
            )
        return required

    def service_fields(self) -> dict:
        return {
            **super().service_fields(),
            "require_2fa_for_coordinators": self.cleaned_data["require_2fa_for_coordinators"],
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.WORKER)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    sees_personal_data = forms.BooleanField(
        label=Membership._meta.get_field("sees_personal_data").verbose_name,
        required=False,
        help_text=Membership._meta.get_field("sees_personal_data").help_text,
    )


class HandOverForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("New coordinator"), queryset=Membership.objects.none(), empty_label=None
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        others = selectors.members(membership.workspace).exclude(pk=membership.pk)
        self.fields["to"].queryset = others
        self.fields["to"].label_from_instance = lambda m: f"{m.user.name} ({m.get_role_display()})"


class ListingApproveForm(forms.Form):
    verify_organisation = forms.BooleanField(
        label=_("I have checked that this team works for its lead organisation: verify it"),
        required=False,
    )


class ListingRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the listing refused?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The team's coordinators see this reason."),
    )
