"""Writes of outreach campaigns and their rounds (tallies). Atomic and audited; outreach holds
counts only, no personal data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import Campaign, CampaignTally
from buurtkompas.buurtwerk.models.outreach import FUNNEL

CAMPAIGN_FIELDS = ("name", "started_on", "ended_on")


def funnel_errors(counts: dict[str, int]) -> dict[str, str]:
    """field -> message for every step that exceeds the step before it in the same round."""
    errors = {}
    for previous, field in zip(FUNNEL, FUNNEL[1:], strict=False):
        if (counts.get(field) or 0) > (counts.get(previous) or 0):
            names = {
                "previous": CampaignTally._meta.get_field(previous).verbose_name,
                "count": counts.get(previous) or 0,
            }
            errors[field] = (
                _("Cannot be more than “%(previous)s” in the same round (%(count)d).") % names
            )
    return errors


def check_period(started_on, ended_on) -> None:
    if ended_on and started_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end is before the start.")})


@transaction.atomic
def campaign_create(*, actor, workspace, name: str, started_on, ended_on=None) -> Campaign:
    check_period(started_on, ended_on)
    campaign = Campaign.objects.create(
        workspace=workspace, name=name, started_on=started_on, ended_on=ended_on, created_by=actor
    )
    log_action(actor=actor, workspace=workspace, action="buurtwerk.campaign.created", obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    check_period(fields.get("started_on"), fields.get("ended_on"))
    changed = [key for key, value in fields.items() if getattr(campaign, key) != value]
    for key, value in fields.items():
        setattr(campaign, key, value)
    campaign.save()
    log_action(
        actor=actor,
        workspace=campaign.workspace,
        action="buurtwerk.campaign.changed",
        obj=campaign,
        data={"fields": changed},
    )
    return campaign


@transaction.atomic
def campaign_delete(*, actor, campaign: Campaign) -> None:
    """Deletes the campaign with its rounds."""
    log_action(
        actor=actor,
        workspace=campaign.workspace,
        action="buurtwerk.campaign.deleted",
        obj=campaign,
        data={"rounds": campaign.tallies.count()},
    )
    campaign.delete()


@transaction.atomic
def campaign_tally_add(*, actor, campaign: Campaign, counted_on, **counts) -> CampaignTally:
    """One round; refused when a step is larger than the step before it."""
    unknown = set(counts) - set(FUNNEL)
    if unknown:
        raise TypeError(f"unknown counts: {sorted(unknown)}")
    errors = funnel_errors(counts)
    if errors:
        raise ValidationError(errors)
    tally = CampaignTally.objects.create(
        workspace=campaign.workspace,
        campaign=campaign,
        counted_on=counted_on,
        created_by=actor,
        **counts,
    )
    log_action(
        actor=actor,
        workspace=campaign.workspace,
        action="buurtwerk.campaign_tally.added",
        obj=tally,
        data={"campaign_id": campaign.pk, **{f: getattr(tally, f) for f in FUNNEL}},
    )
    return tally


@transaction.atomic
def campaign_tally_delete(*, actor, tally: CampaignTally) -> None:
    log_action(
        actor=actor,
        workspace=tally.workspace,
        action="buurtwerk.campaign_tally.deleted",
        obj=tally,
        data={"campaign_id": tally.campaign_id},
    )
    tally.delete()
