"""Example items for `buurtkompas demo` (after the demo network): a published practice case that
grew from the demo werkbezoek, with a use and a question, and a submitted method waiting for
review. Every item is marked `is_example` and says "(voorbeeld)": they describe no real case."""

from django.db import transaction
from django.db.models import Q

from buurtkompas.audit.models import AuditEvent
from buurtkompas.knowledge import search, services
from buurtkompas.knowledge.models import Item
from buurtkompas.network.models import Event, Network
from buurtkompas.workspaces import demo
from buurtkompas.workspaces.models import Role

EXAMPLE = "(voorbeeld) "
NETWORK_NAME = "Voorbeeldnetwerk opbouwwerkers (demo)"


def create(*, team, users, residents, areas) -> None:
    network = Network.objects.filter(name=NETWORK_NAME, is_demo=True).first()
    if network is None or Item.objects.filter(network=network, is_example=True).exists():
        return
    coordinator, worker = users[Role.COORDINATOR], users[Role.WORKER]
    visit = (
        Event.objects.filter(network=network, kind=Event.Kind.WORK_VISIT)
        .order_by("starts_at")
        .first()
    )
    case = services.item_create(
        actor=worker,
        network=network,
        fields={
            "kind": "case",
            "title": EXAMPLE + "Fixbrigade van bewoners in het Voorbeeldteam",
            "summary": EXAMPLE
            + "Bewoners plakken samen tochtstrips en radiatorfolie bij buren die dat zelf "
            "niet kunnen. Verzonnen voorbeeld voor de demonstratie.",
            "occasion": EXAMPLE + "Huurders klaagden op de bewonersavond over tocht en hoge "
            "energierekeningen.",
            "target_group": EXAMPLE + "Huurders van de oudere portiekflats in de buurt.",
            "goal": EXAMPLE + "Kleine maatregelen in zoveel mogelijk woningen, door buren zelf.",
            "approach": EXAMPLE + "Bewoners met handige handen vormen een fixbrigade; de "
            "opbouwwerker zorgt voor materiaal en afspraken met de corporatie.",
            "steps": "Bewonersavond over tocht\nFixbrigade opleiden\nEerste twintig woningen\n"
            "Terugkomavond met de corporatie",
            "results": EXAMPLE + "Geen echte resultaten: dit is een verzonnen voorbeeld.",
            "chain_stage": "saving",
            "visibility": "public",
            "is_example": True,
        },
        themes=["energy_saving", "fix_teams"],
        regions=areas[:1],
        events=[visit] if visit else [],
    )
    case = services.item_submit(actor=worker, item=case)
    case = services.item_publish(actor=coordinator, item=case)
    services.quality_set(
        actor=coordinator,
        item=case,
        level="well_described",
        reason=EXAMPLE + "Doel, doelgroep en aanpak zijn duidelijk beschreven.",
    )
    services.usage_add(actor=coordinator, item=case, region=areas[-1].parent or areas[-1])
    method = services.item_create(
        actor=coordinator,
        network=network,
        fields={
            "kind": "method",
            "title": EXAMPLE + "Energiecafé in het buurthuis",
            "summary": EXAMPLE + "Een maandelijks inloopuur over de energierekening.",
            "goal": EXAMPLE + "Bewoners helpen hun rekening te begrijpen.",
            "approach": EXAMPLE + "Energiecoaches en bewoners aan één tafel, met koffie.",
            "chain_stage": "saving",
            "is_example": True,
        },
        themes=["energy_poverty"],
    )
    services.item_submit(actor=coordinator, item=method)


@transaction.atomic
def remove() -> dict:
    items = list(Item.objects.filter(is_example=True).values_list("pk", flat=True))
    Item.objects.filter(pk__in=items).delete()
    # their audit trail belongs to no team, so it does not go with the demo team (the demo
    # network's remover may have run first: the items are found by their demo actors too)
    AuditEvent.objects.filter(workspace=None, action__startswith="knowledge.").filter(
        Q(object_type="knowledge.item", object_id__in=[str(pk) for pk in items])
        | Q(actor__email__in=[email for email, _name, _role in demo.USERS])
    ).delete()
    for pk in items:
        search.forget(pk)
    return {"knowledge items": len(items)}


def register_all() -> None:
    demo.register("knowledge", create, order=450)
    demo.register_remover(remove)
