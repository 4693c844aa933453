"""Residents' part of `buurtkompas demo`: six invented residents with consents
(registered in `ResidentsConfig.ready()`; the modules' parts receive them as `residents`)."""

from buurtkompas.residents.models import Purpose
from buurtkompas.residents.selectors import buurt_choices
from buurtkompas.residents.services import consent_record, contact_create
from buurtkompas.workspaces.demo import day, register_residents
from buurtkompas.workspaces.models import Role

RESIDENTS = ("Bewoner A", "Bewoner B", "Bewoner C", "Bewoner D", "Bewoner E", "Bewoner F")


def demo_residents(actor, team) -> list:
    buurten = list(buurt_choices(team)[:3])
    residents = []
    for i, name in enumerate(RESIDENTS):
        contact = contact_create(
            actor=actor,
            workspace=team,
            name=name,
            reach="via het buurthuis (verzonnen)",
            buurt=buurten[i % len(buurten)] if buurten else None,
            notes="Verzonnen voorbeeldbewoner.",
        )
        purposes = [Purpose.CONTACT] + ([Purpose.VOLUNTEER] if i < 3 else [])
        purposes += [Purpose.VISIT] if i % 2 else []
        for purpose in purposes:
            consent_record(
                actor=actor,
                contact=contact,
                purpose=purpose,
                given_on=day(-60 + i),
                method="spoken",
            )
        residents.append(contact)
    return residents


def demo_contacts(*, team, users) -> list:
    return demo_residents(users[Role.WORKER], team)


def register_all() -> None:
    register_residents(demo_contacts)
