"""Buurtwerk's part of `buurtkompas demo` (registered in `BuurtwerkConfig.ready()`).

Every module has its own small `demo_<module>` function that writes through the module's
services, so the demo keeps to the same rules (consent, audit log) as the pages. Everything is
made up (see `workspaces/demo.py`).
"""

from buurtkompas.workspaces.demo import day, register
from buurtkompas.workspaces.models import Role


def demo_agenda(actor, team) -> list:
    from buurtkompas.buurtwerk.services.agenda import agenda_item_create, agenda_item_set_status

    items = [
        ("Schimmel in de portiekflats", "doorstep", 14, -40, "picked_up"),
        ("Meer groen op het plein", "meeting", 9, -30, "picked_up"),
        ("Hoge energierekening, hulp bij lezen", "doorstep", 11, -21, "discussed"),
        ("Tochtige voordeuren", "survey", 6, -12, "heard"),
        ("Een plek om spullen te repareren", "social", 4, -6, "heard"),
        ("Zonnepanelen op de school", "meeting", 3, -50, "not_feasible"),
    ]
    made = []
    for title, channel, supporters, days, status in items:
        item = agenda_item_create(
            actor=actor,
            workspace=team,
            title=title,
            channel=channel,
            raised_on=day(days),
            supporters=supporters,
            description="Verzonnen voorbeeld.",
        )
        if status != "heard":
            reason = "Het dak kan het gewicht niet dragen (verzonnen)."
            agenda_item_set_status(
                actor=actor, item=item, status=status, reason=reason if status != "done" else ""
            )
        made.append(item)
    return made


def demo_stakeholders(actor, team, owner) -> list:
    from buurtkompas.buurtwerk.services.stakeholders import agreement_create, stakeholder_create

    parties = [
        ("Woningcorporatie Voorbeeldwonen (demo)", "corporatie", 5, 4, 0),
        ("Gemeente, gebiedsteam Zuid (demo)", "gemeente", 5, 3, 1),
        ("Energiecoöperatie Zuidkracht (demo)", "cooperatie", 2, 5, 2),
        ("Basisschool De Voorbeeldboom (demo)", "school", 2, 3, 1),
    ]
    made = [
        stakeholder_create(
            actor=actor,
            workspace=team,
            name=name,
            kind=kind,
            influence=power,
            interest=interest,
            attitude=attitude,
            contact_person="(verzonnen contactpersoon)",
        )
        for name, kind, power, interest, attitude in parties
    ]
    agreements = [
        (made[0], "Schimmelinspectie in de portiekflats plannen", -10, "open"),  # overdue
        (made[1], "Subsidieaanvraag groene daken bespreken", 14, "open"),
        (made[2], "Energiecoaches leveren voor het energiecafé", None, "open"),
        (made[3], "Ouderavond over energie besparen", -30, "done"),
    ]
    for party, what, days, status in agreements:
        due_on = day(days) if days is not None else None
        agreement_create(
            actor=actor, stakeholder=party, what=what, owner=owner, due_on=due_on, status=status
        )
    return made


def demo_initiatives(actor, team, agenda, parties, residents) -> list:
    from buurtkompas.buurtwerk.services.initiatives import (
        initiative_create,
        milestone_create,
        milestone_update,
    )

    green = initiative_create(
        actor=actor,
        workspace=team,
        title="Groene daken en geveltuinen (demo)",
        chain_stage="greening",
        goal="Tien geveltuinen en een groen dak op het buurthuis.",
        status="active",
        leads=residents[:2],
        partners=parties[1:3],
        agenda_items=agenda[1:2],
    )
    dry = initiative_create(
        actor=actor,
        workspace=team,
        title="Droge woningen (demo)",
        chain_stage="saving",
        goal="Samen met de corporatie de schimmel aanpakken.",
        status="active",
        leads=residents[2:3],
        partners=parties[:1],
        agenda_items=agenda[:1],
    )
    milestone_create(
        actor=actor, initiative=green, title="Draagvlak peilen", due_on=day(-20), progress_pct=100
    )
    subsidy = milestone_create(
        actor=actor, initiative=green, title="Subsidie aanvragen", due_on=day(12)
    )
    for pct, note in ((30, "Formulier opgevraagd."), (60, "Begroting is klaar.")):
        milestone_update(
            actor=actor,
            milestone=subsidy,
            title=subsidy.title,
            due_on=subsidy.due_on,
            progress_pct=pct,
            note=note,
        )
    done = milestone_create(
        actor=actor, initiative=dry, title="Meldingen verzamelen", due_on=day(-5)
    )
    milestone_update(
        actor=actor,
        milestone=done,
        title="Meldingen verzamelen",
        due_on=done.due_on,
        progress_pct=100,
        note="Twee complexen in beeld.",
    )
    milestone_create(actor=actor, initiative=dry, title="Inspectie met corporatie", due_on=day(25))
    return [green, dry]


def demo_activities(actor, team, initiatives, organisers) -> None:
    from buurtkompas.buurtwerk.services.activities import activity_create, activity_update

    cafe = activity_create(
        actor=actor,
        workspace=team,
        organisers=organisers,
        recurrence="monthly",
        count=6,
        kind="energy_cafe",
        title="Energiecafé in het buurthuis (demo)",
        held_on=day(-95),
        place="Buurthuis (verzonnen)",
    )
    for i, occurrence in enumerate(cafe.repeats.filter(held_on__lt=day(0)).order_by("held_on")):
        activity_update(
            actor=actor,
            activity=occurrence,
            organisers=organisers,
            participants=11 + 3 * i,
            households_reached=8 + 2 * i,
        )
    once = [
        ("fix_round", "Fixteam-ronde Voorbeeldflat A", -12, 9, 14, initiatives[1]),
        ("meeting", "Buurtbijeenkomst groene daken", -5, 23, 17, initiatives[0]),
        ("doorstep", "Deur-aan-deur energiecheck", -2, 6, 31, None),
        ("workshop", "Workshop: je energierekening lezen", 9, None, None, None),
        ("repair_cafe", "Repair café", 20, None, None, None),
    ]
    for kind, title, days, people, households, initiative in once:
        activity_create(
            actor=actor,
            workspace=team,
            organisers=organisers,
            kind=kind,
            title=f"{title} (demo)",
            held_on=day(days),
            place="Wijk (verzonnen)",
            participants=people,
            households_reached=households,
            initiative=initiative,
        )


def demo_assets(actor, team, residents, areas) -> None:
    from buurtkompas.buurtwerk.services.assets import asset_connect, asset_create

    west, south, east, north = areas[0].bbox or (4.47, 51.87, 4.50, 51.89)
    middle = {"latitude": (south + north) / 2, "longitude": (west + east) / 2}
    assets = [
        asset_create(
            actor=actor,
            workspace=team,
            kind="talent",
            title="Kan goed klussen",
            contact=residents[0],
            skills="klussen, tochtstrips",
        ),
        asset_create(
            actor=actor, workspace=team, kind="association", title="Buurtvereniging (demo)"
        ),
        asset_create(actor=actor, workspace=team, kind="institution", title="Bibliotheek (demo)"),
        asset_create(
            actor=actor, workspace=team, kind="place", title="Buurthuis (verzonnen)", **middle
        ),
        asset_create(
            actor=actor,
            workspace=team,
            kind="connection",
            title="Moskee en kerk organiseren samen een maaltijd (demo)",
        ),
    ]
    asset_connect(actor=actor, asset=assets[0], other=assets[3])
    asset_connect(actor=actor, asset=assets[1], other=assets[3])


def demo_leadership(actor, team, residents, initiatives) -> None:
    from buurtkompas.buurtwerk.services.leadership import leadership_step_record

    steps = [(0, 1, -80), (0, 3, -30), (0, 5, -4), (1, 1, -60), (1, 2, -9), (2, 1, -15), (3, 1, -3)]
    for who, rung, days in steps:
        leadership_step_record(
            actor=actor,
            workspace=team,
            contact=residents[who],
            rung=rung,
            taken_on=day(days),
            initiative=initiatives[0] if rung >= 4 else None,
            note="Verzonnen voorbeeld.",
        )


def demo_signals(actor, team) -> None:
    from buurtkompas.buurtwerk.services.signals import signal_create

    signals = [
        ("Voorbeeldflat A (verzonnen)", "mould", 6, -35, "conversation"),
        ("Voorbeeldflat A (verzonnen)", "draught", 4, -20, "visit"),
        ("Voorbeeldflat A (verzonnen)", "high_bills", 9, -12, "meeting"),
        ("Voorbeeldhof B (verzonnen)", "single_glazing", 12, -25, "conversation"),
        ("Voorbeeldhof B (verzonnen)", "mould", 3, -6, "visit"),
    ]
    for complex_name, problem, households, days, source in signals:
        signal_create(
            actor=actor,
            workspace=team,
            complex=complex_name,
            problem=problem,
            households=households,
            noted_on=day(days),
            source=source,
        )


def demo_outreach(actor, team) -> None:
    from buurtkompas.buurtwerk.services.outreach import campaign_create, campaign_tally_add

    campaign = campaign_create(
        actor=actor, workspace=team, name="Deur-aan-deur energiecheck (demo)", started_on=day(-45)
    )
    for days, doors in ((-40, 60), (-26, 80), (-12, 75), (-2, 50)):
        campaign_tally_add(
            actor=actor,
            campaign=campaign,
            counted_on=day(days),
            doors_knocked=doors,
            conversations=doors // 2,
            contacts_made=doors // 4,
            follow_up_agreed=doors // 8,
            follow_up_done=doors // 12,
        )


def demo_logbook(actor, team, initiatives, parties, agenda) -> None:
    from buurtkompas.buurtwerk.services.logbook import log_entry_create

    entries = [
        (-33, "Kennismaking met de corporatie", [], parties[:1], agenda[:1]),
        (-19, "Bewonersavond over groen", initiatives[:1], [], agenda[1:2]),
        (-11, "Energiecoaches ingewerkt", [], parties[2:3], []),
        (-4, "Terugblik fixteam-ronde", initiatives[1:], [], []),
        (-1, "Belafspraak met de school", [], parties[3:], []),
    ]
    for days, title, tagged_initiatives, tagged_parties, tagged_items in entries:
        log_entry_create(
            actor=actor,
            workspace=team,
            written_on=day(days),
            title=f"{title} (demo)",
            text="Verzonnen aantekening voor het voorbeeldteam.",
            initiatives=tagged_initiatives,
            stakeholders=tagged_parties,
            agenda_items=tagged_items,
        )


def demo_buurtwerk(*, team, users, residents, areas) -> None:
    coordinator, worker = users[Role.COORDINATOR], users[Role.WORKER]
    agenda = demo_agenda(worker, team)
    parties = demo_stakeholders(coordinator, team, worker)
    initiatives = demo_initiatives(worker, team, agenda, parties, residents)
    demo_activities(worker, team, initiatives, [worker, users[Role.VOLUNTEER]])
    demo_assets(worker, team, residents, areas)
    demo_leadership(worker, team, residents, initiatives)
    demo_signals(worker, team)
    demo_outreach(users[Role.VOLUNTEER], team)
    demo_logbook(worker, team, initiatives, parties, agenda)


def register_all() -> None:
    register("buurtwerk", demo_buurtwerk, order=100)
