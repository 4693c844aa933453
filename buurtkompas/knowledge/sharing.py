"""From practice to knowledge: a draft practice case from a team's initiative or activity.

What comes along: the initiative's title, goal and stage on the chain, its milestones (title,
due month, progress), its activities (kind, month, participants and households reached, the
outcomes text), the kinds of partners (never their names), the agenda items' count, and the
team's areas as "where it happened".

What never comes along: residents (leads, registrations, contacts), names and ways of
reaching people, the logbook, activity notes, milestone update notes, partner names. The free
texts that do come along (goal, milestone titles, outcomes) are cleaned: the name of every
resident of the team and of every team member is replaced by "[naam verwijderd]", and e-mail
addresses and phone numbers by "[…]". The author reads the draft before submitting it.
"""

import re

from django.utils.translation import gettext as _

from buurtkompas.buurtwerk.models import Activity, Initiative
from buurtkompas.core.dates import show_date
from buurtkompas.residents.models import Contact
from buurtkompas.residents.redaction import MARKER, SHORT_MARKER, name_pattern, replace

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+31|0031|0)[\s-]?\d(?:[\s-]?\d){7,9}(?!\w)")


class Cleaner:
    """Removes the names of a team's residents and members, e-mail addresses and phone numbers
    from a text."""

    def __init__(self, workspace):
        names = set(
            Contact.objects.filter(workspace=workspace, anonymised_at__isnull=True)
            .exclude(name="")
            .values_list("name", flat=True)
        )
        names |= {m.user.name for m in workspace.memberships.select_related("user") if m.user.name}
        # longest first: "Zoë de Vries" before "Zoë"
        self.patterns = [
            p for p in (name_pattern(n)[0] for n in sorted(names, key=len, reverse=True)) if p
        ]

    def __call__(self, text: str) -> str:
        text = EMAIL.sub(SHORT_MARKER, text or "")
        text = PHONE.sub(SHORT_MARKER, text)
        for pattern in self.patterns:
            text, _count = replace(text, pattern)
        return text


def _month(day) -> str:
    return show_date(day, "month") if day else ""


def from_initiative(initiative: Initiative) -> dict:
    """The fields of a draft practice case, and its regions, from an initiative."""
    clean = Cleaner(initiative.workspace)
    milestones = list(initiative.milestones.order_by("due_on", "pk"))
    activities = list(initiative.activities.order_by("held_on", "pk"))
    steps = [
        " · ".join(
            part
            for part in (
                clean(m.title),
                _month(m.due_on),
                _("%(pct)s%% done") % {"pct": m.progress_pct},
            )
            if part
        )
        for m in milestones
    ]
    partner_kinds = sorted({p.get_kind_display() for p in initiative.partners.all()})
    fields = {
        "kind": "case",
        "title": initiative.title,
        "goal": clean(initiative.goal),
        "chain_stage": initiative.chain_stage,
        "steps": "\n".join(steps),
        "results": _results(activities, clean),
        "conditions": (
            _("Partners: %(kinds)s.") % {"kinds": ", ".join(partner_kinds)} if partner_kinds else ""
        ),
        "occasion": (
            _("The initiative answers %(n)s item(s) on the residents' agenda.")
            % {"n": initiative.agenda_items.count()}
            if initiative.agenda_items.exists()
            else ""
        ),
    }
    return {"fields": fields, "regions": _areas(initiative.workspace)}


def from_activity(activity: Activity) -> dict:
    clean = Cleaner(activity.workspace)
    fields = {
        "kind": "case",
        "title": activity.title,
        "chain_stage": activity.initiative.chain_stage if activity.initiative else "other",
        "approach": _("%(kind)s, %(month)s.")
        % {"kind": activity.get_kind_display(), "month": _month(activity.held_on)},
        "results": _results([activity], clean),
    }
    return {"fields": fields, "regions": _areas(activity.workspace)}


def _results(activities, clean) -> str:
    lines = []
    for a in activities:
        counts = []
        if a.participants is not None:
            counts.append(_("%(n)s participants") % {"n": a.participants})
        if a.households_reached is not None:
            counts.append(_("%(n)s households reached") % {"n": a.households_reached})
        head = f"{a.title} ({_month(a.held_on)})"
        if counts:
            head += ": " + ", ".join(counts)
        lines.append(head + (f". {clean(a.outcomes)}" if a.outcomes.strip() else ""))
    return "\n".join(lines)


def _areas(workspace) -> list:
    return list(workspace.regions.all()[:30])


LEFT_OUT = MARKER  # shown in the preview so the author knows what the marker means
