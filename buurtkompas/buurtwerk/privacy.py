"""What the workspace modules hold about one resident: for export (right of access) and
erasure. residents.services calls these through settings.PERSONAL_DATA_MODULES."""

from buurtkompas.buurtwerk.models import Activity, Asset, Initiative, LeadershipStep


def export(contact) -> dict:
    return {
        "initiatives_led": [i.title for i in Initiative.objects.filter(leads=contact)],
        "activities_registered": [
            {"title": a.title, "held_on": a.held_on.isoformat()}
            for a in Activity.objects.filter(registered=contact)
        ],
        "talents": [
            {"title": a.title, "description": a.description, "skills": a.skills}
            for a in Asset.objects.filter(contact=contact)
        ],
        "leadership_steps": [
            {"rung": s.rung, "taken_on": s.taken_on.isoformat(), "note": s.note}
            for s in LeadershipStep.objects.filter(contact=contact)
        ],
    }


def erase(contact) -> None:
    """Remove personal data; keep what counts (a step taken, a participant) without it."""
    for initiative in Initiative.objects.filter(leads=contact):
        initiative.leads.remove(contact)
    for activity in Activity.objects.filter(registered=contact):
        activity.registered.remove(contact)
    Asset.objects.filter(contact=contact).delete()  # a talent is about the person
    LeadershipStep.objects.filter(contact=contact).update(note="")
