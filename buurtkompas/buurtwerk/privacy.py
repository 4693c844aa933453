"""What the neighbourhood-work modules hold about a resident (`residents.registry`): talents on
the asset map, steps on the leadership ladder, initiatives they lead and activities they are
registered for; and every free-text field of the modules, where a resident's name may have
been typed. Registered in `BuurtwerkConfig.ready()`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkompas.buurtwerk.models import (
    Activity,
    AgendaItem,
    Agreement,
    Asset,
    Campaign,
    HousingSignal,
    Initiative,
    LeadershipStep,
    LogEntry,
    Milestone,
    MilestoneUpdate,
    Stakeholder,
)
from buurtkompas.buurtwerk.models.leadership import Rung
from buurtkompas.residents.pdf import label, when
from buurtkompas.residents.registry import PersonalData, register

# Where a worker types prose: the resident's name may be in it (redacted on erasure).
# Names of parties (Stakeholder.name) are organisations and are left alone.
FREE_TEXT = (
    (LogEntry, ("title", "text")),
    (AgendaItem, ("title", "description", "street", "status_reason")),
    (Initiative, ("title", "goal")),
    (Milestone, ("title",)),
    (MilestoneUpdate, ("note",)),
    (Activity, ("title", "place", "outcomes", "notes")),
    (Asset, ("title", "description", "skills")),
    (LeadershipStep, ("note",)),
    (Stakeholder, ("contact_person", "notes")),
    (Agreement, ("what",)),
    (HousingSignal, ("complex", "note")),
    (Campaign, ("name",)),
)


def export(contact) -> dict:
    return {
        "talents": [
            {"title": a.title, "description": a.description, "skills": a.skills}
            for a in Asset.objects.filter(contact=contact)
        ],
        "leadership_steps": [
            {"rung": s.rung, "taken_on": s.taken_on.isoformat(), "note": s.note}
            for s in LeadershipStep.objects.filter(contact=contact)
        ],
        "initiatives_led": [i.title for i in Initiative.objects.filter(leads=contact)],
        "activities_registered": [
            {"title": a.title, "held_on": a.held_on.isoformat()}
            for a in Activity.objects.filter(registered=contact)
        ],
    }


def erase(contact) -> None:
    """Remove personal data; keep what counts (a step taken, a participant) without it."""
    Initiative.leads.through.objects.filter(contact=contact).delete()
    Activity.registered.through.objects.filter(contact=contact).delete()
    Asset.objects.filter(contact=contact).delete()  # a talent is about the person
    LeadershipStep.objects.filter(contact=contact).update(note="")


def rows(data: dict) -> list[tuple[str, str]]:
    """One line per item, each named by what it is."""
    talents = [
        (_("Talent"), " – ".join(filter(None, [t["title"], t["description"], t["skills"]])))
        for t in data["talents"]
    ]
    steps = [
        (
            _("Leadership step"),
            " – ".join(filter(None, [when(s["taken_on"]), label(Rung, s["rung"]), s["note"]])),
        )
        for s in data["leadership_steps"]
    ]
    leads = [(_("Leads the initiative"), title) for title in data["initiatives_led"]]
    activities = [
        (_("Registered for"), f"{when(a['held_on'])} – {a['title']}")
        for a in data["activities_registered"]
    ]
    return talents + steps + leads + activities


def register_all() -> None:
    register(
        PersonalData(
            key="buurtwerk",
            title=gettext_lazy("Neighbourhood work"),
            models=(Asset, LeadershipStep, Initiative, Activity),
            export=export,
            erase=erase,
            rows=rows,
            free_text=FREE_TEXT,
        )
    )
