"""Forms of the members part: the profile with a visibility per field, join requests,
invitations, the directory's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtkompas.network.models import PROFILE_FIELDS, MemberProfile, Profession, Theme
from buurtkompas.regions.models import Region

PUBLIC_CHOICES = [
    ("profession", _("profession")),
    ("organisation", _("organisation")),
    ("regions", _("where I work")),
    ("themes", _("themes")),
    ("languages", _("languages")),
    ("open_to", _("open to questions about")),
    ("photo", _("photo")),
]


class ProfileForm(forms.ModelForm):
    region_codes = forms.CharField(
        label=_("Where you work (CBS codes of gemeenten or wijken)"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, for example GM0202, WK020201. Find codes in the atlas."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes of your expertise"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Show to everyone (not only to members of the network)"),
        choices=PUBLIC_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Everything else is seen only by members of the network. Your name is public as "
            "soon as one field is public."
        ),
    )

    photo = forms.FileField(
        label=_("Photo (optional: JPEG, PNG or WebP, at most 10 MB)"),
        required=False,
        help_text=_("Location and camera data are removed."),
    )
    photo_remove = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = MemberProfile
        fields = ["profession", "organisation", "languages", "open_to", "hidden"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].choices = [("", "—"), *Profession.choices]
        if self.instance.pk:
            self.initial["region_codes"] = ", ".join(r.code for r in self.instance.regions.all())
            self.initial["themes"] = self.instance.themes
            self.initial["public_fields"] = self.instance.public_fields
        assert {c for c, _l in PUBLIC_CHOICES} == set(PROFILE_FIELDS)

    def clean_region_codes(self):
        codes = [c.strip().upper() for c in self.cleaned_data["region_codes"].split(",")]
        codes = [c for c in codes if c]
        if len(codes) > 20:
            raise forms.ValidationError(_("Name at most 20 areas."))
        regions = {}
        for region in Region.objects.filter(
            code__in=codes, level__in=("gemeente", "wijk")
        ).order_by("year"):
            regions[region.code] = region  # the latest indeling wins
        unknown = [c for c in codes if c not in regions]
        if unknown:
            raise forms.ValidationError(
                _("No gemeente or wijk with the code %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return list(regions.values())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["regions"] = data.pop("region_codes")
        return data


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("all")), *Theme.choices]
    )
    profession = forms.ChoiceField(
        label=_("Profession"), required=False, choices=[("", _("all")), *Profession.choices]
    )
    region = forms.CharField(label=_("Gemeente (code, e.g. GM0202)"), required=False, max_length=6)
    open_to = forms.BooleanField(label=_("Open to questions"), required=False)

    def clean_region(self):
        return self.cleaned_data["region"].strip().upper()
