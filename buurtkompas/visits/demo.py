"""Invented household visits for the demonstration team of `buurtkompas demo` (registered in
`VisitsConfig.ready()` through `workspaces.demo`). Only residents who gave visit consent in the
demo get a visit; every text says it is an example. Written through the services, so the demo
keeps the rules of the pages (consent, snapshots of reference savings, audit log)."""

from datetime import timedelta

from django.utils import timezone

from buurtkompas.residents.models import Purpose
from buurtkompas.visits import services
from buurtkompas.workspaces import demo
from buurtkompas.workspaces.models import Role

EXAMPLE = "(voorbeeld) "
MEASURES = (  # catalogue key, quantity, fitted now or advised
    ("waterbesparende_douchekop", 1, "fitted"),
    ("led_vervangt_gloeilamp_40w", 3, "fitted"),
    ("tochtstrips", 6, "advised"),
)


def day(days: int):
    return timezone.localdate() + timedelta(days=days)


def demo_done_visit(coach, contact):
    """A first visit three weeks ago, recorded in every step, with a follow-up planned."""
    visit = services.visit_plan(actor=coach, contact=contact, planned_for=day(-21), coach=coach)
    services.visit_start(actor=coach, visit=visit)
    steps = {
        "woning": {
            "dwelling_type": "apartment",
            "build_period": "1946_1964",
            "tenure": "corporation_rent",
            "corporation_name": EXAMPLE + "Woningcorporatie Zuid",
            "complex": "Voorbeeldflat A (verzonnen)",  # a complex of the demo signal dossier
        },
        "huishouden": {"household_size": 3},
        "energiegebruik": {"electricity_kwh_year": 2600, "gas_m3_year": 1300},
        "wensen": {
            "wishes": EXAMPLE + "Minder tocht in de woonkamer.",
            "advice": "Zet de thermostaat 's avonds op 15 °C.\nDouche korter dan 5 minuten.",
        },
    }
    for step, data in steps.items():
        services.visit_step_save(actor=coach, visit=visit, step=step, data=data)
    services.meter_reading_add(
        actor=coach,
        visit=visit,
        read_on=day(-386),
        source="bill",
        electricity_kwh=40100,
        gas_m3=15200,
    )
    services.meter_reading_add(
        actor=coach,
        visit=visit,
        read_on=day(-21),
        source="coach",
        electricity_kwh=42650,
        gas_m3=16480,
    )
    for key, quantity, status in MEASURES:
        services.measure_fit(
            actor=coach, visit=visit, catalogue_key=key, quantity=quantity, status=status
        )
    services.referral_make(
        actor=coach,
        visit=visit,
        service_key="energieloket",
        follow_up_on=day(14),
        note=EXAMPLE + "Vraag naar isolatie van de voorgevel.",
    )
    services.visit_problems_add(actor=coach, visit=visit, problems=["draught"])
    return services.visit_complete(actor=coach, visit=visit, done_on=day(-21), follow_up_weeks=8)


def demo_visits(*, team, users, residents, areas) -> None:
    coach = users[Role.WORKER]
    with_consent = [c for c in residents if c.active_consent(Purpose.VISIT)]
    if not with_consent:
        return
    demo_done_visit(coach, with_consent[0])
    for contact in with_consent[1:3]:
        services.visit_plan(actor=coach, contact=contact, planned_for=day(7), coach=coach)


def register_all() -> None:
    demo.register("visits", demo_visits, order=200)
