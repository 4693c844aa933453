"""Objects of the members part for the network URL walker: a member's profile with public
fields, and an open invitation's token."""

from buurtkompas.network import member_services
from buurtkompas.network.models import NetworkMember


def objects(*, network, network_personas, personas, team) -> dict:
    member = NetworkMember.objects.get(network=network, user=network_personas["network_member"])
    member_services.profile_save(
        actor=member.user, member=member, profession="opbouwwerker",
        organisation="Welzijn Oost", public_fields=["profession"],
    )  # fmt: skip
    _invitation, token = member_services.invitation_create(
        actor=network_personas["network_coordinator"], network=network, email="new@example.org"
    )
    return {"member_id": member.pk, "invitation_token": token}
