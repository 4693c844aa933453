"""Accounts: log-in by e-mail with throttling and optional two-step verification, password
reset and change, and sign-up only by invitation."""

import io
import re
from datetime import timedelta

import pyotp
import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import timezone

from buurtkompas.accounts import devices, services
from buurtkompas.accounts.models import FailedLogin, PasswordResetRequest, User
from buurtkompas.audit.models import AuditEvent
from buurtkompas.workspaces.models import Invitation, Membership
from buurtkompas.workspaces.services import invitation_accept, invitation_create, invitation_revoke
from tests.conftest import PASSWORD

LOGIN = "/account/inloggen/"
LOGIN_CODE = "/account/inloggen/code/"
TWO_FACTOR = "/account/2fa/"
NEW_PASSWORD = "lantern-orchard-velvet-93"
THROTTLED = "Too many failed attempts"
WRONG_PASSWORD = "The e-mail address or password is not correct."
USED_CODE = "This code was already used."
PAUSED = "Too many wrong attempts."


@pytest.fixture
def client(client):
    """Every test reads the English texts (the msgids), independent of the Dutch catalogue."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def client_as(client_as):
    """As conftest's, in English (logging out there clears the language cookie)."""

    def login(user):
        browser = client_as(user)
        browser.cookies["django_language"] = "en"
        return browser

    return login


def english_client(**kwargs) -> Client:
    browser = Client(**kwargs)
    browser.cookies["django_language"] = "en"
    return browser


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def enable_2fa(user) -> str:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save()
    return user.totp_secret


def wrong_code(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    valid = {totp.at(timezone.now() + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def invite(team, email="nieuw@example.org", role="vrijwilliger") -> str:
    coordinator = team.memberships.get(role="coordinator").user
    _invitation, token = invitation_create(
        actor=coordinator, workspace=team, email=email, role=role
    )
    return token


def snapshot():
    """Everything an invitation link may change."""
    return (
        User.objects.count(),
        Membership.objects.count(),
        list(Invitation.objects.values_list("pk", "accepted_at", "revoked_at", "expires_at")),
    )


# Log-in by e-mail address and password.


def test_it_logs_in_by_email_address(client, personas):
    response = client.post(
        LOGIN, {"email": "  Opbouwwerker@Example.org ", "password": PASSWORD, "next": "/account/"}
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert logged_in_user_id(client) == str(personas["opbouwwerker"].pk)


def test_it_sends_a_logged_in_person_to_their_teams_by_default(client, personas):
    response = client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    assert response["Location"] == "/teams/start/"


def test_it_lands_a_member_of_one_team_in_that_team(client, personas):
    team = personas["opbouwwerker"].memberships.get().workspace
    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    assert client.get("/teams/start/")["Location"] == f"/teams/{team.pk}/"


def test_it_lands_a_member_of_several_teams_or_none_on_the_list(client, personas, other_team):
    from buurtkompas.workspaces.models import Membership

    Membership.objects.create(workspace=other_team, user=personas["opbouwwerker"], role="partner")
    client.force_login(personas["opbouwwerker"])
    assert client.get("/teams/start/")["Location"] == "/teams/"
    client.force_login(_user_without_team())
    assert client.get("/teams/start/")["Location"] == "/teams/"


def _user_without_team():
    from buurtkompas.accounts.models import User

    return User.objects.create_user("alone@example.org", PASSWORD, name="Alone")


def test_it_ignores_a_next_address_on_another_site(client, personas):
    data = {"email": "opbouwwerker@example.org", "password": PASSWORD}
    response = client.post(LOGIN, {**data, "next": "https://evil.example/"})
    assert response["Location"] == "/teams/start/"


def test_it_says_the_password_is_wrong_and_records_the_failure_hashed(client, personas):
    response = client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": "nope"})
    assert response.status_code == 200
    assert WRONG_PASSWORD in response.content.decode()
    assert logged_in_user_id(client) is None
    failure = FailedLogin.objects.get()
    assert failure.email_sha256 == FailedLogin.hash_email("opbouwwerker@example.org")
    assert "opbouwwerker" not in failure.email_sha256
    assert not AuditEvent.objects.filter(action__startswith="accounts.").exists()


def test_it_gives_the_same_message_for_an_unknown_address(client, db):
    response = client.post(LOGIN, {"email": "nobody@example.org", "password": PASSWORD})
    assert WRONG_PASSWORD in response.content.decode()


def fail(client, email="opbouwwerker@example.org", times=1, ip="10.0.0.66"):
    """Log-in attempts with a wrong password from `ip`; the last response."""
    for _ in range(times):
        response = client.post(LOGIN, {"email": email, "password": "wrong-guess"}, REMOTE_ADDR=ip)
    return response


def try_login(client, email="opbouwwerker@example.org", ip="10.0.0.66"):
    return client.post(LOGIN, {"email": email, "password": PASSWORD}, REMOTE_ADDR=ip)


def pass_time(seconds: int) -> None:
    """Move every remembered failure `seconds` into the past (instead of sleeping)."""
    FailedLogin.objects.update(at=F("at") - timedelta(seconds=seconds))


def test_it_refuses_after_too_many_failures_even_with_the_right_password(
    client, personas, settings
):
    settings.LOGIN_FAILURES_ALLOWED = 3
    fail(client, times=3)
    response = try_login(client)
    assert THROTTLED in response.content.decode()
    assert "Try again in 1 minute." in response.content.decode()
    assert WRONG_PASSWORD not in response.content.decode()
    assert logged_in_user_id(client) is None
    assert FailedLogin.objects.count() == 3  # a refused attempt is not even checked

    other = try_login(client, email="partner@example.org")
    assert other.status_code == 302


def test_it_does_not_lock_the_owner_out_from_another_address(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED = 3
    attacker = english_client()
    fail(attacker, times=10, ip="203.0.113.9")
    assert THROTTLED in try_login(attacker, ip="203.0.113.9").content.decode()

    response = try_login(client, ip="198.51.100.4")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(personas["opbouwwerker"].pk)


def test_it_lets_a_device_that_logged_in_before_keep_working(client, personas, settings):
    """The attacker shares the owner's address (an office network, or everyone behind a
    misconfigured proxy): the owner's browser, known from an earlier log-in, still gets in."""
    settings.LOGIN_FAILURES_ALLOWED = 3
    assert try_login(client, ip="10.0.0.1").status_code == 302
    cookie = client.cookies[devices.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    client.post("/account/uitloggen/")

    attacker = english_client()
    fail(attacker, times=3, ip="10.0.0.1")
    assert THROTTLED in try_login(attacker, ip="10.0.0.1").content.decode()

    response = try_login(client, ip="10.0.0.1")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(personas["opbouwwerker"].pk)


def test_it_ignores_a_forged_known_device_cookie(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED = 3
    assert try_login(client, ip="10.0.0.1").status_code == 302
    value = client.cookies[devices.COOKIE].value
    pk, device = value.split(":")[0], value.split(":")[1].split("|")[0]
    attacker = english_client()
    attacker.cookies[devices.COOKIE] = f"{pk}:{device}"  # without the signature
    fail(attacker, times=3)
    assert THROTTLED in try_login(attacker).content.decode()


def test_it_gives_a_known_device_its_own_higher_limit(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED, settings.LOGIN_DEVICE_FAILURES_ALLOWED = 2, 4
    assert try_login(client).status_code == 302
    client.post("/account/uitloggen/")
    assert WRONG_PASSWORD in fail(client, times=4).content.decode()
    assert FailedLogin.objects.filter(device__gt="").count() == 4
    assert THROTTLED in try_login(client).content.decode()
    assert try_login(english_client(), ip="10.0.0.2").status_code == 302  # elsewhere: fine


def test_it_makes_the_wait_grow_after_each_failure(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED, settings.LOGIN_DELAY_MAX_S = 2, 300
    fail(client, times=2)
    waits = []
    for _ in range(5):
        waits.append(re.search(r"Try again in (\d+) minute", try_login(client).text).group(1))
        pass_time(int(waits[-1]) * 60 - 5)
        assert THROTTLED in try_login(client).content.decode()  # not quite yet
        pass_time(5)
        assert WRONG_PASSWORD in fail(client).content.decode()  # checked again, and wrong
    assert waits == ["1", "2", "4", "5", "5"]  # doubling, at most LOGIN_DELAY_MAX_S


def test_it_forgets_failures_after_the_window(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED = 2
    fail(client, times=2)
    pass_time(settings.LOGIN_FAILURE_WINDOW_S + 1)
    assert try_login(client).status_code == 302


def test_it_answers_an_address_without_an_account_like_a_real_one(client, personas, settings):
    """Same messages and the same waits: nobody learns whether an account exists."""
    settings.LOGIN_FAILURES_ALLOWED = 2
    answers = {}
    for email in ("opbouwwerker@example.org", "nobody@example.org"):
        first = fail(client, email=email).content.decode()
        second = fail(client, email=email).content.decode()
        third = fail(client, email=email).content.decode()
        answers[email] = (WRONG_PASSWORD in first, WRONG_PASSWORD in second, THROTTLED in third)
    assert (
        answers["opbouwwerker@example.org"]
        == answers["nobody@example.org"]
        == (
            True,
            True,
            True,
        )
    )
    kinds = set(FailedLogin.objects.values_list("kind", flat=True))
    assert kinds == {FailedLogin.Kind.PASSWORD, FailedLogin.Kind.UNKNOWN}


def test_it_does_not_let_failures_on_unknown_addresses_block_a_real_account(
    client, personas, settings
):
    """Decided: addresses without an account never count towards the limit per client
    address, so typing errors, or a list of made-up addresses, block nobody real."""
    settings.LOGIN_FAILURES_PER_IP = 20
    for n in range(30):
        fail(client, email=f"guess{n}@example.org", ip="10.0.0.7")
    assert FailedLogin.objects.filter(kind=FailedLogin.Kind.UNKNOWN).count() == 30
    response = try_login(client, ip="10.0.0.7")
    assert response.status_code == 302


def test_it_slows_a_spray_over_existing_accounts_but_not_known_devices(client, personas, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    assert try_login(client, ip="10.0.0.1").status_code == 302  # the owner's own browser
    client.post("/account/uitloggen/")

    sprayer = english_client()
    for role in ("coordinator", "vrijwilliger", "partner", "outsider"):
        fail(sprayer, email=f"{role}@example.org", ip="10.0.0.7")
    assert THROTTLED in try_login(sprayer, ip="10.0.0.7").content.decode()
    new_device = english_client()
    assert THROTTLED in try_login(new_device, ip="10.0.0.7").content.decode()

    assert try_login(client, ip="10.0.0.7").status_code == 302  # known device: not held up
    assert try_login(english_client(), ip="10.0.0.8").status_code == 302  # another address


def test_it_clears_failures_on_success_and_forgets_old_ones(client, personas, settings):
    old = FailedLogin.objects.create(
        email_sha256=FailedLogin.hash_email("someone@example.org"),
        at=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_S + 60),
    )
    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": "wrong"})
    assert not FailedLogin.objects.filter(pk=old.pk).exists()
    assert FailedLogin.objects.count() == 1

    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    assert FailedLogin.objects.count() == 0


def test_it_clears_only_the_failures_of_the_address_that_logged_in(client, personas, settings):
    """The owner logging in at home gives the attacker no fresh tries."""
    settings.LOGIN_FAILURES_ALLOWED = 3
    attacker = english_client()
    fail(attacker, times=3, ip="203.0.113.9")
    fail(client, ip="198.51.100.4")
    assert try_login(client, ip="198.51.100.4").status_code == 302
    assert FailedLogin.objects.filter(ip_address="198.51.100.4").count() == 0
    assert THROTTLED in try_login(attacker, ip="203.0.113.9").content.decode()


def test_it_creates_a_superuser_with_the_management_command(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email="Beheer@Example.org",
        name="Beheer",
        stdout=io.StringIO(),
    )
    admin = User.objects.get(email="beheer@example.org")
    assert admin.is_superuser and admin.is_staff and admin.check_password(NEW_PASSWORD)


def test_it_enforces_csrf_on_the_login_form(personas):
    browser = english_client(enforce_csrf_checks=True)
    data = {"email": "opbouwwerker@example.org", "password": PASSWORD}
    assert browser.post(LOGIN, data).status_code == 403
    assert logged_in_user_id(browser) is None

    browser.get(LOGIN)
    token = browser.cookies["csrftoken"].value
    response = browser.post(LOGIN, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_it_escapes_a_script_in_the_email_field(client, db):
    payload = '"><script>alert(1)</script>'
    response = client.post(LOGIN, {"email": payload, "password": "x"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_logs_out_only_by_post(client_as, personas):
    client = client_as(personas["partner"])
    assert client.get("/account/uitloggen/").status_code == 405
    assert logged_in_user_id(client)
    response = client.post("/account/uitloggen/")
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_it_shows_the_account_menu_in_the_header(client, personas):
    html = client.get("/").content.decode()
    assert 'href="/account/inloggen/"' in html and "Log out" not in html
    client.force_login(personas["partner"])
    html = client.get("/").content.decode()
    assert 'href="/teams/"' in html and "My teams" in html
    assert "Partner" in html and 'action="/account/uitloggen/"' in html


# Password reset and change.


def test_it_resets_a_password_by_email(client, personas):
    response = client.post("/account/wachtwoord-vergeten/", {"email": "partner@example.org"})
    assert response["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["partner@example.org"]
    link = re.search(
        r"https?://[^/\s]+(/account/wachtwoord-vergeten/\S+/\S+/)", mail.outbox[0].body
    )

    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = client.post(form.redirect_chain[-1][0], data)
    assert done["Location"] == "/account/wachtwoord-vergeten/klaar/"

    user = User.objects.get(email="partner@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password.reset", actor=user).exists()
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_it_sends_no_reset_email_for_an_unknown_address(client, db):
    response = client.post("/account/wachtwoord-vergeten/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_changes_a_password_and_audits_it(client_as, personas):
    client = client_as(personas["partner"])
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post("/account/wachtwoord/", data)
    assert response["Location"] == "/account/"
    assert logged_in_user_id(client)  # still logged in in this session
    personas["partner"].refresh_from_db()
    assert personas["partner"].check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password.changed").count() == 1


def test_it_throttles_wrong_current_passwords_on_password_change(client_as, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED = 3
    user = personas["partner"]
    client = client_as(user)
    wrong = {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(3):
        assert client.post("/account/wachtwoord/", wrong).status_code == 200
    assert FailedLogin.objects.filter(kind=FailedLogin.Kind.REAUTH).count() == 3
    event = AuditEvent.objects.get(action="accounts.reauth.throttled")
    assert event.actor == user and event.workspace is None

    right = {**wrong, "old_password": PASSWORD}
    response = client.post("/account/wachtwoord/", right)
    assert PAUSED in response.content.decode() and "Try again in 1 minute." in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)  # refused without being checked

    pass_time(60)
    assert client.post("/account/wachtwoord/", right)["Location"] == "/account/"
    assert FailedLogin.objects.filter(kind=FailedLogin.Kind.REAUTH).count() == 0


def test_it_throttles_wrong_passwords_and_codes_when_turning_two_factor_off(
    client_as, personas, settings
):
    settings.LOGIN_FAILURES_ALLOWED = 2
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    client = client_as(user)
    client.post(TWO_FACTOR, {"password": "wrong", "code": wrong_code(secret)})
    client.post(TWO_FACTOR, {"password": PASSWORD, "code": wrong_code(secret)})
    response = client.post(TWO_FACTOR, {"password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    assert PAUSED in response.content.decode()
    user.refresh_from_db()
    assert user.has_2fa and user.totp_last_step is None  # the code was not even checked

    pass_time(60)
    response = client.post(TWO_FACTOR, {"password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/account/"


RESET = "/account/wachtwoord-vergeten/"


def test_it_limits_reset_emails_per_address(client, personas, settings, caplog):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 2
    for _ in range(4):
        response = client.post(RESET, {"email": "partner@example.org"}, REMOTE_ADDR="10.0.0.1")
        assert response["Location"] == "/account/wachtwoord-vergeten/verstuurd/"  # always
    assert len(mail.outbox) == 2
    assert "password reset refused: too many per address" in caplog.text
    assert "partner@example.org" not in caplog.text

    PasswordResetRequest.objects.update(at=F("at") - timedelta(hours=1, seconds=1))
    client.post(RESET, {"email": "partner@example.org"}, REMOTE_ADDR="10.0.0.1")
    assert len(mail.outbox) == 3


def test_it_limits_reset_emails_per_client_address(client, personas, settings):
    """Requests for addresses without an account count too, so the limit says nothing about
    which addresses have one."""
    settings.PASSWORD_RESET_PER_IP_PER_HOUR = 3
    for n in range(3):
        client.post(RESET, {"email": f"nobody{n}@example.org"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(RESET, {"email": "partner@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert response["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []

    client.post(RESET, {"email": "partner@example.org"}, REMOTE_ADDR="10.0.0.10")
    assert len(mail.outbox) == 1


def test_it_saves_the_profile(client_as, personas, organisation):
    client = client_as(personas["partner"])
    response = client.post("/account/", {"name": "Petra Partner", "organisation": organisation.pk})
    assert response["Location"] == "/account/"
    personas["partner"].refresh_from_db()
    assert personas["partner"].name == "Petra Partner"
    assert personas["partner"].organisation == organisation
    event = AuditEvent.objects.get(action="accounts.profile.changed")
    assert event.workspace is None and event.data == {"fields": ["name", "organisation"]}


# Sign-up by invitation.


def test_it_signs_up_from_an_invitation_and_joins_in_the_invited_role(client, team):
    token = invite(team, role="vrijwilliger")
    page = client.get(f"/account/uitnodiging/{token}/").content.decode()
    assert "Energieteam Tarwewijk" in page and "Volunteer" in page

    data = {"name": "Nina Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(f"/account/uitnodiging/{token}/", data)
    assert response["Location"] == f"/teams/{team.pk}/"
    user = User.objects.get(email="nieuw@example.org")
    assert user.name == "Nina Nieuw" and user.check_password(NEW_PASSWORD)
    assert team.memberships.get(user=user).role == "vrijwilliger"
    assert logged_in_user_id(client) == str(user.pk)
    assert Invitation.objects.get().accepted_at is not None
    assert AuditEvent.objects.filter(action="workspaces.invitation.accepted").exists()


def test_it_applies_the_password_validators_on_sign_up(client, team):
    token = invite(team)
    before = snapshot()
    data = {"name": "Nina Nieuw", "password1": "12345678", "password2": "12345678"}
    response = client.post(f"/account/uitnodiging/{token}/", data)
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    mismatch = {"name": "Nina", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    assert client.post(f"/account/uitnodiging/{token}/", mismatch).status_code == 200
    assert snapshot() == before


def test_it_lets_an_existing_account_log_in_and_accept(client, team, personas):
    token = invite(team, email="outsider@example.org", role="opbouwwerker")
    page = client.get(f"/account/uitnodiging/{token}/").content.decode()
    assert "There is already an account" in page
    assert f"/account/inloggen/?next=/account/uitnodiging/{token}/" in page

    response = client.post(
        LOGIN,
        {
            "email": "outsider@example.org",
            "password": PASSWORD,
            "next": f"/account/uitnodiging/{token}/",
        },
    )
    assert response["Location"] == f"/account/uitnodiging/{token}/"
    assert "Join the team" in client.get(response["Location"]).content.decode()
    response = client.post(f"/account/uitnodiging/{token}/")
    assert response["Location"] == f"/teams/{team.pk}/"
    assert team.memberships.get(user=personas["outsider"]).role == "opbouwwerker"


def test_it_refuses_an_invitation_for_another_account(client_as, team, personas):
    token = invite(team)
    client = client_as(personas["partner"])
    before = snapshot()
    page = client.get(f"/account/uitnodiging/{token}/")
    assert page.status_code == 403
    assert "this invitation was sent to another e-mail address" in page.content.decode()
    assert client.post(f"/account/uitnodiging/{token}/").status_code == 403
    assert snapshot() == before


def expired(team):
    token = invite(team)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    return token


def used(team):
    token = invite(team, email="outsider@example.org")
    invitation_accept(token=token, user=User.objects.get(email="outsider@example.org"))
    return token


def revoked(team):
    token = invite(team)
    invitation_revoke(actor=team.memberships.first().user, invitation=Invitation.objects.get())
    return token


def unknown(team):
    invite(team)
    return "not-a-real-token-0123456789"


@pytest.mark.parametrize(
    "make_link, message",
    [
        (expired, "This invitation has expired."),
        (used, "This invitation has already been used."),
        (revoked, "This invitation was withdrawn."),
        (unknown, "This invitation link is not valid."),
    ],
)
def test_it_refuses_expired_used_revoked_and_unknown_links(client, team, make_link, message):
    token = make_link(team)
    before = snapshot()
    page = client.get(f"/account/uitnodiging/{token}/")
    assert page.status_code == 404 and message in page.content.decode()

    data = {"name": "Nina Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(f"/account/uitnodiging/{token}/", data)
    assert response.status_code == 404 and message in response.content.decode()
    assert snapshot() == before
    assert logged_in_user_id(client) is None


def test_it_makes_accepting_twice_impossible(client_as, team, personas):
    token = invite(team, email="outsider@example.org")
    client = client_as(personas["outsider"])
    assert client.post(f"/account/uitnodiging/{token}/").status_code == 302
    before = snapshot()
    again = client.post(f"/account/uitnodiging/{token}/")
    assert again.status_code == 404
    assert "already been used" in again.content.decode()
    assert snapshot() == before
    assert team.memberships.filter(user=personas["outsider"]).count() == 1


# Two-step verification.


def test_it_sets_up_two_factor_after_a_correct_code(client_as, personas):
    user = personas["opbouwwerker"]
    client = client_as(user)
    page = client.get(TWO_FACTOR).content.decode()
    secret = client.session["accounts_totp_setup"]
    assert '<svg role="img"' in page and 'class="qr-code"' in page
    assert "style=" not in page and "<script>" not in page  # fits the strict CSP
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert client.get(TWO_FACTOR).context["secret"].replace(" ", "") == secret  # stable

    response = client.post(TWO_FACTOR, {"code": wrong_code(secret)})
    assert response.status_code == 200 and "That code is not correct" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_2fa

    response = client.post(TWO_FACTOR, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.has_2fa and user.totp_secret == secret
    event = AuditEvent.objects.get(action="accounts.2fa.enabled")
    assert event.workspace is None and secret not in str(event.data)


def test_it_asks_for_the_code_before_logging_in(client, personas):
    secret = enable_2fa(personas["opbouwwerker"])
    data = {"email": "opbouwwerker@example.org", "password": PASSWORD, "next": "/account/"}
    response = client.post(LOGIN, data)
    assert response["Location"] == LOGIN_CODE
    assert logged_in_user_id(client) is None
    assert client.get("/account/")["Location"].startswith(LOGIN)

    response = client.post(LOGIN_CODE, {"code": wrong_code(secret)})
    assert "That code is not correct" in response.content.decode()
    assert logged_in_user_id(client) is None

    response = client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/account/"
    assert logged_in_user_id(client) == str(personas["opbouwwerker"].pk)
    assert "accounts_pending_2fa" not in client.session


def test_it_needs_the_password_step_before_the_code_step(client, personas):
    secret = enable_2fa(personas["opbouwwerker"])
    response = client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == LOGIN
    assert logged_in_user_id(client) is None


def test_it_forgets_a_half_finished_login_after_five_minutes(client, personas):
    secret = enable_2fa(personas["opbouwwerker"])
    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    session = client.session
    session["accounts_pending_2fa"]["at"] -= 301
    session.save()
    response = client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == LOGIN
    assert logged_in_user_id(client) is None
    assert "accounts_pending_2fa" not in client.session


def test_it_throttles_the_code_step(client, personas, settings):
    settings.LOGIN_FAILURES_ALLOWED = 3
    secret = enable_2fa(personas["opbouwwerker"])
    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    for _ in range(3):
        client.post(LOGIN_CODE, {"code": wrong_code(secret)})
    response = client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert THROTTLED in response.content.decode()
    assert logged_in_user_id(client) is None
    # Codes are counted per account: only someone who knows the password gets this far.
    fresh = english_client(REMOTE_ADDR="198.51.100.4")
    fresh.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    response = fresh.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert THROTTLED in response.content.decode()
    assert logged_in_user_id(fresh) is None


def test_it_lets_a_known_device_pass_the_code_step_while_codes_are_guessed(
    client, personas, settings
):
    settings.LOGIN_FAILURES_ALLOWED = 3
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).at(timezone.now() - timedelta(seconds=30))})
    client.post("/account/uitloggen/")

    thief = english_client()  # knows the password, guesses codes
    thief.post(LOGIN, {"email": user.email, "password": PASSWORD})
    for _ in range(3):
        thief.post(LOGIN_CODE, {"code": wrong_code(secret)})

    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    response = client.post(LOGIN_CODE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_it_accepts_a_code_only_once_at_log_in(client, personas):
    secret = enable_2fa(personas["opbouwwerker"])
    code = pyotp.TOTP(secret).now()
    client.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    assert client.post(LOGIN_CODE, {"code": code}).status_code == 302

    other = english_client()  # someone who saw the code being typed
    other.post(LOGIN, {"email": "opbouwwerker@example.org", "password": PASSWORD})
    response = other.post(LOGIN_CODE, {"code": code})
    assert USED_CODE in response.content.decode()
    assert logged_in_user_id(other) is None


def test_it_refuses_an_older_code_after_a_newer_one(client, personas):
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    totp = pyotp.TOTP(secret)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert client.post(LOGIN_CODE, {"code": totp.now()}).status_code == 302
    client.post("/account/uitloggen/")
    previous = totp.at(timezone.now() - timedelta(seconds=30))
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    response = client.post(LOGIN_CODE, {"code": previous})
    assert previous == totp.now() or USED_CODE in response.content.decode()
    assert FailedLogin.objects.count() == 0  # a used code is refused, not counted as a guess


def test_it_uses_a_code_up_with_a_compare_and_set(personas):
    """Two requests with one code (a double click, or a race by someone who saw it): the
    stored time step lets exactly one through, also when the second holds a stale user."""
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    stale = User.objects.get(pk=user.pk)
    code = pyotp.TOTP(secret).now()
    assert services.totp_code_use(user=user, code=code) == services.CODE_OK
    assert services.totp_code_use(user=stale, code=code) == services.CODE_USED
    assert services.totp_code_use(user=stale, code=wrong_code(secret)) == services.CODE_WRONG


def test_it_remembers_the_last_five_accounts_of_a_shared_computer(client, db):
    users = [User.objects.create_user(f"buur{n}@example.org", PASSWORD, name="B") for n in range(6)]
    for user in users:
        assert try_login(client, email=user.email).status_code == 302
        client.post("/account/uitloggen/")
    request = RequestFactory().get("/")
    request.COOKIES[devices.COOKIE] = client.cookies[devices.COOKIE].value
    known = devices.known(request)
    assert set(known) == {str(user.pk) for user in users[1:]}
    assert len(set(known.values())) == 5  # one id per account


def test_it_does_not_accept_the_code_that_switched_two_factor_on_for_logging_in(
    client_as, personas
):
    user = personas["opbouwwerker"]
    client = client_as(user)
    client.get(TWO_FACTOR)
    secret = client.session["accounts_totp_setup"]
    code = pyotp.TOTP(secret).now()
    assert client.post(TWO_FACTOR, {"code": code})["Location"] == "/account/"
    client.post("/account/uitloggen/")

    browser = english_client()
    browser.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert USED_CODE in browser.post(LOGIN_CODE, {"code": code}).content.decode()


def test_it_does_not_turn_two_factor_off_with_a_used_code(client, personas):
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    code = pyotp.TOTP(secret).now()
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert client.post(LOGIN_CODE, {"code": code}).status_code == 302
    response = client.post(TWO_FACTOR, {"password": PASSWORD, "code": code})
    assert USED_CODE in response.content.decode()
    user.refresh_from_db()
    assert user.has_2fa


def test_it_turns_two_factor_off_with_password_and_code(client_as, personas):
    user = personas["opbouwwerker"]
    secret = enable_2fa(user)
    client = client_as(user)
    response = client.post(TWO_FACTOR, {"password": "wrong", "code": pyotp.TOTP(secret).now()})
    assert "Your password is not correct." in response.content.decode()
    response = client.post(TWO_FACTOR, {"password": PASSWORD, "code": wrong_code(secret)})
    assert "That code is not correct." in response.content.decode()
    user.refresh_from_db()
    assert user.has_2fa

    response = client.post(TWO_FACTOR, {"password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/account/"
    user.refresh_from_db()
    assert not user.has_2fa and user.totp_secret == ""
    assert AuditEvent.objects.filter(action="accounts.2fa.disabled", workspace=None).exists()


def test_it_sends_a_coordinator_of_a_2fa_team_to_the_setup(client_as, team, personas):
    team.require_2fa_for_coordinators = True
    team.save()
    client = client_as(personas["coordinator"])
    response = client.get(f"/teams/{team.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fteams%2F{team.pk}%2F"
    page = client.get(response["Location"]).content.decode()
    assert "asks its coordinators to use two-step verification" in page
    assert f'name="next" value="/teams/{team.pk}/"' in page

    secret = client.session["accounts_totp_setup"]
    data = {"code": pyotp.TOTP(secret).now(), "next": f"/teams/{team.pk}/"}
    response = client.post(TWO_FACTOR, data)
    assert response["Location"] == f"/teams/{team.pk}/"
    assert client.get(f"/teams/{team.pk}/").status_code == 200


def test_it_warns_a_coordinator_of_a_2fa_team_before_turning_2fa_off(client_as, team, personas):
    """accounts asks the rule workspaces registered (accounts.requirements)."""
    team.require_2fa_for_coordinators = True
    team.save()
    warning = "You coordinate a team that requires two-step verification."
    for role, warned in (("coordinator", True), ("opbouwwerker", False)):
        enable_2fa(personas[role])
        page = client_as(personas[role]).get(TWO_FACTOR).content.decode()
        assert (warning in page) is warned, role


def test_it_does_not_ask_other_roles_of_a_2fa_team_for_2fa(client_as, team, personas):
    team.require_2fa_for_coordinators = True
    team.save()
    assert client_as(personas["opbouwwerker"]).get(f"/teams/{team.pk}/").status_code == 200


def test_it_hashes_passwords_with_argon2_in_the_configured_settings():
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

    import buurtkompas.settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert make_password("a long passphrase", hasher=Argon2PasswordHasher()).startswith("argon2")
