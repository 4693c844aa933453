"""Writes of initiatives, their milestones and the milestones' history.

A resident can only be named as a lead with an active consent to be contacted (checked here,
so no caller can skip it). Progress is a whole percentage from 0 to 100, and every change of
it leaves a MilestoneUpdate: who, when, how far and why, for public accountability. The audit
log gets field names and counts, never names or free text."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import Initiative, Milestone, MilestoneUpdate
from buurtkompas.residents.models import Purpose
from buurtkompas.residents.services import require_consent

FIELDS = ("title", "goal", "chain_stage", "status")
LINKS = ("leads", "partners", "agenda_items")


def check_same_team(workspace, objects, what: str) -> None:
    if any(obj.workspace_id != workspace.pk for obj in objects):
        raise ValidationError(_("Choose %(what)s of this team only.") % {"what": what})


def check_leads(workspace, leads) -> None:
    """Every lead belongs to the team, still has personal data and consented to contact."""
    check_same_team(workspace, leads, _("residents"))
    errors = []
    for contact in leads:
        if contact.is_anonymised:
            errors.append(_("An anonymised resident cannot be a lead."))
            continue
        try:
            require_consent(contact, Purpose.CONTACT)
        except ValidationError as error:
            errors.append(
                _("%(name)s: %(problem)s")
                % {"name": contact.display_name, "problem": " ".join(error.messages)}
            )
    if errors:
        raise ValidationError(errors)


def check_links(workspace, *, leads=None, partners=None, agenda_items=None) -> None:
    if leads is not None:
        check_leads(workspace, leads)
    check_same_team(workspace, partners or [], _("partners"))
    check_same_team(workspace, agenda_items or [], _("agenda items"))


def check_progress(progress_pct) -> int:
    if isinstance(progress_pct, bool) or not isinstance(progress_pct, int):
        raise ValidationError(_("Progress is a whole number from 0 to 100."))
    if not 0 <= progress_pct <= 100:
        raise ValidationError(_("Progress is a whole number from 0 to 100."))
    return progress_pct


@transaction.atomic
def initiative_create(
    *,
    actor,
    workspace,
    title: str,
    chain_stage: str,
    goal: str = "",
    status: str = Initiative.Status.IDEA,
    leads=(),
    partners=(),
    agenda_items=(),
) -> Initiative:
    leads, partners, agenda_items = list(leads), list(partners), list(agenda_items)
    check_links(workspace, leads=leads, partners=partners, agenda_items=agenda_items)
    initiative = Initiative.objects.create(
        workspace=workspace,
        created_by=actor,
        title=title,
        goal=goal,
        chain_stage=chain_stage,
        status=status,
    )
    initiative.leads.set(leads)
    initiative.partners.set(partners)
    initiative.agenda_items.set(agenda_items)
    counts = {"leads": len(leads), "partners": len(partners), "agenda_items": len(agenda_items)}
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.initiative.created",
        obj=initiative,
        data={"chain_stage": chain_stage, "status": status, **counts},
    )
    return initiative


@transaction.atomic
def initiative_update(
    *, actor, initiative: Initiative, leads=None, partners=None, agenda_items=None, **fields
) -> Initiative:
    """Change the fields given. A link left as None stays as it is (members who may not see
    residents' names never send the leads)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"initiative_update() cannot change {sorted(unknown)}")
    links = {"leads": leads, "partners": partners, "agenda_items": agenda_items}
    links = {k: list(v) for k, v in links.items() if v is not None}
    check_links(initiative.workspace, **links)
    changed = [k for k, v in fields.items() if getattr(initiative, k) != v]
    for key, value in fields.items():
        setattr(initiative, key, value)
    initiative.save()
    for name, objects in links.items():
        manager = getattr(initiative, name)
        if {o.pk for o in manager.all()} != {o.pk for o in objects}:
            changed.append(name)
            manager.set(objects)
    log_action(
        actor=actor,
        workspace=initiative.workspace,
        action="buurtwerk.initiative.changed",
        obj=initiative,
        data={"fields": changed},
    )
    return initiative


@transaction.atomic
def initiative_delete(*, actor, initiative: Initiative) -> None:
    """Delete an initiative with its milestones and their history. Activities, agenda items,
    log entries and leadership steps stay; only their link to it goes."""
    log_action(
        actor=actor,
        workspace=initiative.workspace,
        action="buurtwerk.initiative.deleted",
        obj=initiative,
        data={"milestones": initiative.milestones.count()},
    )
    initiative.delete()


def record_update(*, actor, milestone: Milestone, note: str = "") -> MilestoneUpdate:
    return MilestoneUpdate.objects.create(
        workspace=milestone.workspace,
        created_by=actor,
        by=actor,
        milestone=milestone,
        progress_pct=milestone.progress_pct,
        note=note.strip(),
    )


@transaction.atomic
def milestone_create(
    *, actor, initiative: Initiative, title: str, due_on=None, progress_pct: int = 0, note=""
) -> Milestone:
    """Add a milestone; its starting point is the first entry of its history."""
    milestone = Milestone.objects.create(
        workspace=initiative.workspace,
        created_by=actor,
        initiative=initiative,
        title=title,
        due_on=due_on,
        progress_pct=check_progress(progress_pct),
    )
    record_update(actor=actor, milestone=milestone, note=note)
    log_action(
        actor=actor,
        workspace=initiative.workspace,
        action="buurtwerk.milestone.created",
        obj=milestone,
        data={"initiative": initiative.pk, "progress_pct": progress_pct},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, title: str, due_on, progress_pct: int, note: str = ""
) -> Milestone:
    """Change a milestone. A new progress, or a note, is added to its history."""
    previous = milestone.progress_pct
    changed = [k for k, v in (("title", title), ("due_on", due_on)) if getattr(milestone, k) != v]
    milestone.title, milestone.due_on = title, due_on
    milestone.progress_pct = check_progress(progress_pct)
    milestone.save()
    data = {"fields": changed}
    if progress_pct != previous or note.strip():
        record_update(actor=actor, milestone=milestone, note=note)
        data.update({"progress_from": previous, "progress_to": progress_pct})
    log_action(
        actor=actor,
        workspace=milestone.workspace,
        action="buurtwerk.milestone.changed",
        obj=milestone,
        data=data,
    )
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    log_action(
        actor=actor,
        workspace=milestone.workspace,
        action="buurtwerk.milestone.deleted",
        obj=milestone,
        data={"initiative": milestone.initiative_id, "updates": milestone.updates.count()},
    )
    milestone.delete()
