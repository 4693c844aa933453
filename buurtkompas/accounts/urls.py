from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from buurtkompas.accounts import views
from buurtkompas.accounts.forms import ResetSetPasswordForm

app_name = "accounts"

password_reset_views = [
    path(
        "wachtwoord-vergeten/",
        views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=ResetSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.profile, name="profile"),
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_code, name="login_code"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("wachtwoord/", views.password_change, name="password_change"),
    path("2fa/", views.two_factor, name="two_factor"),
    *password_reset_views,
]
