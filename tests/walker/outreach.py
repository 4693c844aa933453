"""Objects for the URL walker: a campaign and a round, both counted by the volunteer (so a
volunteer may change and delete them)."""

from datetime import date

from buurtkompas.buurtwerk.services.outreach import campaign_create, campaign_tally_add


def objects(*, team, personas, contact) -> dict[str, int]:
    volunteer = personas["vrijwilliger"]
    campaign = campaign_create(
        actor=volunteer, workspace=team, name="Deur-aan-deur walker", started_on=date(2025, 3, 1)
    )
    tally = campaign_tally_add(
        actor=volunteer,
        campaign=campaign,
        counted_on=date(2025, 3, 8),
        doors_knocked=40,
        conversations=12,
        contacts_made=6,
        follow_up_agreed=3,
        follow_up_done=1,
    )
    return {"campaign_id": campaign.pk, "tally_id": tally.pk}
