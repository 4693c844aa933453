from django import forms
from django.contrib.auth.forms import SetPasswordForm, SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from buurtkompas.accounts import services, totp
from buurtkompas.accounts.models import Organisation, User


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("Six digits. The code changes every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SignupForm(SetPasswordMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As your team members know you."),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        self.validate_passwords()
        candidate = User(email=self.email, name=self.cleaned_data.get("name", ""))
        self.validate_password_for_user(candidate)
        return super().clean()


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("(none)"),
    )


class ResetSetPasswordForm(SetPasswordForm):
    """The last step of a password reset; the change is audited."""

    def save(self, commit=True):
        return services.password_set(
            user=self.user, password=self.cleaned_data["new_password1"], how="reset"
        )


class TwoFactorDisableForm(CodeForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your password is not correct."))
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not totp.code_matches(secret=self.user.totp_secret, code=code):
            raise forms.ValidationError(_("That code is not correct."))
        return code
