"""Objects for the URLs of the krachtenkaart. The volunteer adds the asset, so every working
role (a volunteer only changes their own assets) may use every URL of it."""

from buurtkompas.buurtwerk.services.assets import asset_create


def objects(*, team, personas, contact) -> dict[str, int]:
    asset = asset_create(
        actor=personas["vrijwilliger"],
        workspace=team,
        kind="place",
        title="Buurthuis De Walker",
        latitude=51.88,
        longitude=4.49,
    )
    return {"asset_id": asset.pk}
