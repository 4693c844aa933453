"""Members of a network (issue 11): joining by request or invitation, profiles with a visibility
per field, the directory with search and filters (the public sees only what members made
public), where members work, leaving removes the profile."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from buurtkompas.accounts.models import User
from buurtkompas.network import member_services as services
from buurtkompas.network.models import MemberProfile, NetworkInvitation, NetworkMember
from buurtkompas.network.services import member_add
from buurtkompas.regions.models import Region
from tests.helpers import count_queries, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(network_personas):
    return network_personas["network_coordinator"]


def member_of(network, user):
    return NetworkMember.objects.get(network=network, user=user)


def url(name, network, *args):
    return reverse(f"network:{name}", args=[network.slug, *args])


def utrecht():
    return Region.objects.filter(level="gemeente", code="GM0344").latest("year")


def test_a_request_to_join_is_approved_by_a_coordinator_and_mailed(
    network, coordinator, network_personas, as_user
):
    outsider = network_personas["non_member"]
    client = as_user(outsider)
    client.post(url("join", network), {"motivation": "Ik werk in Arnhem-Oost"})
    again = client.post(url("join", network), {"motivation": "nogmaals"})
    assert "Your request is waiting for a coordinator." in text_of(again)
    with pytest.raises(ValidationError, match="already waiting"), translation.override("en"):
        services.join_request_create(actor=outsider, network=network)
    request = network.join_requests.get()
    as_user(coordinator).post(
        url("requests", network), {"request": request.pk, "decision": "approve"}
    )
    assert NetworkMember.objects.filter(network=network, user=outsider).exists()
    assert mail.outbox[-1].to == [outsider.email]
    assert "was approved" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="already decided"), translation.override("en"):
        services.join_request_decide(actor=coordinator, request=request, approve=False)
    with pytest.raises(ValidationError, match="already a member"), translation.override("en"):
        services.join_request_create(actor=outsider, network=network)


def test_an_invitation_makes_an_account_and_works_once(network, coordinator, as_user):
    _invitation, token = services.invitation_create(
        actor=coordinator, network=network, email="nieuw@example.org"
    )
    link = reverse("network:invitation", args=[token])
    assert link in mail.outbox[-1].body
    client = as_user(None)
    form = {
        "name": "Nieuw Lid",
        "password1": "een lang wachtwoord 42",
        "password2": "een lang wachtwoord 42",
    }
    response = client.post(link, form)
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert NetworkMember.objects.filter(network=network, user=user).exists()
    assert "This invitation was already used." in text_of(client.get(link))
    with pytest.raises(ValidationError, match="already a member"), translation.override("en"):
        services.invitation_create(actor=coordinator, network=network, email="NIEUW@example.org")


def test_an_expired_invitation_or_another_account_cannot_join(
    network, coordinator, network_personas, as_user
):
    invitation, token = services.invitation_create(
        actor=coordinator, network=network, email="later@example.org"
    )
    link = reverse("network:invitation", args=[token])
    other = as_user(network_personas["non_member"])
    assert "for another e-mail address" in text_of(other.post(link))
    NetworkInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    assert "has expired" in text_of(as_user(None).get(link))
    assert as_user(None).get(reverse("network:invitation", args=["nope"])).status_code == 404


def test_the_public_sees_only_public_fields_and_members_see_all_but_hidden(
    network, network_personas, personas, as_user
):
    shown = member_of(network, network_personas["network_member"])
    services.profile_save(
        actor=shown.user, member=shown, profession="energiecoach", organisation="Welzijn Oost",
        themes=["energy_poverty", "abcd"], open_to="energiearmoede bij huurders",
        regions=[utrecht()], public_fields=["profession", "themes"],
    )  # fmt: skip
    hidden = member_of(network, personas["coordinator"])
    services.profile_save(actor=hidden.user, member=hidden, organisation="Geheim", hidden=True,
                          public_fields=["organisation"])  # fmt: skip
    public = text_of(as_user(None).get(url("directory", network)))
    assert "Network member" in public and "Energy coach" not in public
    assert "energiecoach (energy coach)" in public
    assert "ABCD (asset-based community development), energy poverty" in public
    assert "Welzijn Oost" not in public and "energiearmoede bij huurders" not in public
    assert "Geheim" not in public and "Utrecht" not in public
    member = text_of(
        as_user(network_personas["network_coordinator"]).get(url("directory", network))
    )
    assert "Welzijn Oost" in member and "energiearmoede bij huurders" in member
    assert "Utrecht 1" in member  # where members work: one member in Utrecht
    assert "Geheim" not in member  # hidden from members too
    profile = as_user(None).get(url("profile", network, shown.pk))
    assert "Welzijn Oost" not in text_of(profile)
    assert as_user(None).get(url("profile", network, hidden.pk)).status_code == 404


def test_filters_never_reveal_a_members_only_field(network, network_personas, as_user):
    shown = member_of(network, network_personas["network_member"])
    services.profile_save(actor=shown.user, member=shown, organisation="Welzijn Oost",
                          themes=["greening"], public_fields=["themes"])  # fmt: skip
    public = as_user(None)  # one test client: log in again for the member's view below
    assert "1 member found" in text_of(public.get(url("directory", network) + "?theme=greening"))
    assert "0 members found" in text_of(public.get(url("directory", network) + "?q=Oost"))
    member = as_user(network_personas["network_coordinator"])
    assert "1 member found" in text_of(member.get(url("directory", network) + "?q=Oost"))
    assert "0 members found" in text_of(member.get(url("directory", network) + "?theme=abcd"))


def test_leaving_removes_the_profile_and_the_last_coordinator_cannot_leave(
    network, coordinator, network_personas, as_user
):
    member = member_of(network, network_personas["network_member"])
    services.profile_save(actor=member.user, member=member, organisation="Welzijn Oost")
    as_user(member.user).post(url("leave", network))
    assert (
        not MemberProfile.objects.exists()
        and not NetworkMember.objects.filter(pk=member.pk).exists()
    )
    with pytest.raises(ValidationError, match="last coordinator"), translation.override("en"):
        services.member_leave(actor=coordinator, member=member_of(network, coordinator))


def test_a_member_edits_and_deletes_their_profile_with_clear_errors(
    network, network_personas, as_user
):
    client = as_user(network_personas["network_member"])
    bad = client.post(url("my_profile", network), {"region_codes": "GM9999"})
    assert "No gemeente or wijk with the code GM9999." in text_of(bad)
    client.post(url("my_profile", network), {"region_codes": "gm0344", "public_fields": ["regions"],
                                              "organisation": "Buurtwerk Utrecht"})  # fmt: skip
    profile = MemberProfile.objects.get()
    assert profile.public_fields == ["regions"] and [r.code for r in profile.regions.all()] == [
        "GM0344"
    ]
    client.post(url("my_profile_delete", network))
    assert not MemberProfile.objects.exists()


def test_the_directory_costs_the_same_queries_for_one_or_twenty_members(
    network, coordinator, client_as
):
    for n in range(20):
        User.objects.create_user(f"lid{n}@example.org", "x" * 20, name=f"Lid {n:02d}")
    users = list(User.objects.filter(email__startswith="lid"))
    first = member_add(actor=coordinator, network=network, user=users[0])
    services.profile_save(actor=users[0], member=first, regions=[utrecht()], themes=["abcd"])
    client = client_as(coordinator)
    few = count_queries(client, url("directory", network))
    for user in users[1:]:
        member = member_add(actor=coordinator, network=network, user=user)
        services.profile_save(actor=user, member=member, organisation="Org", regions=[utrecht()],
                              themes=["abcd"])  # fmt: skip
    assert count_queries(client, url("directory", network)) == few


def test_a_profile_photo_loses_its_exif_and_shows_only_where_allowed(
    network, network_personas, as_user, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    image, exif, out = Image.new("RGB", (30, 30), "red"), Image.Exif(), io.BytesIO()
    exif[0x8825] = {2: (52.0, 5.0, 0.0)}  # a GPS position
    image.save(out, format="JPEG", exif=exif)
    me = member_of(network, network_personas["network_member"])
    client = as_user(me.user)
    upload = SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")
    client.post(url("my_profile", network), {"photo": upload, "organisation": "Welzijn"})
    profile = MemberProfile.objects.get(member=me)
    assert Image.open(profile.photo.open("rb")).getexif() == {}
    photo_url = url("profile_photo", network, me.pk)
    assert as_user(network_personas["network_coordinator"]).get(photo_url).status_code == 200
    assert as_user(None).get(photo_url).status_code == 404  # the photo is for members only
    services.profile_save(actor=me.user, member=me, organisation="Welzijn",
                          public_fields=["photo"])  # fmt: skip
    assert as_user(None).get(photo_url)["Content-Type"] == "image/jpeg"
    junk = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    bad = as_user(me.user).post(url("my_profile", network), {"photo": junk})
    assert "This file is not a photo we can read" in text_of(bad)
