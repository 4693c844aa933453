"""Objects for the URLs of the krachtenveld. The volunteer adds the party and follows up the
agreement, so every working role (a volunteer only changes their own) may use every URL."""

from datetime import date

from buurtkompas.buurtwerk.services.stakeholders import agreement_create, stakeholder_create


def objects(*, team, personas, contact) -> dict[str, int]:
    volunteer = personas["vrijwilliger"]
    party = stakeholder_create(
        actor=volunteer, workspace=team, name="Woonstad Walker", kind="corporatie"
    )
    agreement = agreement_create(
        actor=volunteer,
        stakeholder=party,
        what="Spreekuur in het buurthuis",
        owner=volunteer,
        due_on=date(2025, 3, 1),
    )
    return {"stakeholder_id": party.pk, "agreement_id": agreement.pk}
