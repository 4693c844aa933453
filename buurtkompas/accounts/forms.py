from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, SetPasswordMixin
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from buurtkompas.accounts import services
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


class Refusable:
    """A form that can be refused before anything in it is checked (throttling): then
    `is_valid()` is False and `refusal` is its only error."""

    refusal = ""

    def full_clean(self):
        if not self.refusal:
            return super().full_clean()
        self._errors, self.cleaned_data = ErrorDict(), {}
        self.add_error(None, self.refusal)
        return None


class ThrottledPasswordChangeForm(Refusable, PasswordChangeForm):
    """Changing the password; wrong current passwords are throttled by the view."""

    @property
    def failed(self) -> bool:
        return self.has_error("old_password", "password_incorrect")


class TwoFactorDisableForm(Refusable, CodeForm):
    """The password and a fresh code switch two-step verification off. The code is checked
    (and used up) only after the password is right; `failed` says either was wrong."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        self.failed = False
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean(self):
        cleaned = super().clean()
        if "password" not in cleaned or "code" not in cleaned:
            return cleaned
        if not self.user.check_password(cleaned["password"]):
            self.failed = True
            self.add_error("password", _("Your password is not correct."))
            return cleaned
        result = services.totp_code_use(user=self.user, code=cleaned["code"])
        if result == services.CODE_USED:
            self.add_error("code", services.code_used_message())
        elif result != services.CODE_OK:
            self.failed = True
            self.add_error("code", _("That code is not correct."))
        return cleaned
