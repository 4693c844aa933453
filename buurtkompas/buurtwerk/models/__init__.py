"""The team's shared workspace for a neighbourhood: one module per part of the method."""

from buurtkompas.buurtwerk.models.activities import Activity
from buurtkompas.buurtwerk.models.agenda import AgendaItem
from buurtkompas.buurtwerk.models.assets import Asset
from buurtkompas.buurtwerk.models.initiatives import Initiative, Milestone, MilestoneUpdate
from buurtkompas.buurtwerk.models.leadership import LeadershipStep
from buurtkompas.buurtwerk.models.logbook import LogEntry
from buurtkompas.buurtwerk.models.outreach import Campaign, CampaignTally
from buurtkompas.buurtwerk.models.signals import HousingSignal
from buurtkompas.buurtwerk.models.stakeholders import Agreement, Stakeholder

__all__ = [
    "Activity",
    "AgendaItem",
    "Agreement",
    "Asset",
    "Campaign",
    "CampaignTally",
    "HousingSignal",
    "Initiative",
    "LeadershipStep",
    "LogEntry",
    "Milestone",
    "MilestoneUpdate",
    "Stakeholder",
]
