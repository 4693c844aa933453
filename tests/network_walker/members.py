"""Objects of the members part for the network URL walker: a member's profile with public
fields and a public photo, and an open invitation's token."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtkompas.network import member_services
from buurtkompas.network.models import NetworkMember


def objects(*, network, network_personas, personas, team) -> dict:
    member = NetworkMember.objects.get(network=network, user=network_personas["network_member"])
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="JPEG")
    member_services.profile_save(
        actor=member.user, member=member, profession="opbouwwerker",
        organisation="Welzijn Oost", public_fields=["profession", "photo"],
        photo=SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg"),
    )  # fmt: skip
    _invitation, token = member_services.invitation_create(
        actor=network_personas["network_coordinator"], network=network, email="new@example.org"
    )
    return {"member_id": member.pk, "invitation_token": token}
