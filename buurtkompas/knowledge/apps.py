from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _shares(request, record) -> bool:
    """Team members who write (coordinators, opbouwwerkers) see "share as practice case"."""
    return request.membership.role in ("coordinator", "opbouwwerker")


class KnowledgeConfig(AppConfig):
    name = "buurtkompas.knowledge"
    label = "knowledge"

    def ready(self):
        from buurtkompas.atlas import region_sections
        from buurtkompas.audit import labels
        from buurtkompas.core import backup
        from buurtkompas.knowledge import audit_labels, demo, regions, search
        from buurtkompas.network import navigation
        from buurtkompas.workspaces import record_actions

        labels.register(audit_labels.ACTION_LABELS)
        navigation.register(navigation.NetworkLink("knowledge:network", _("Knowledge base"), 30))
        for model, url_name, kwarg in (
            ("buurtwerk.initiative", "knowledge_team:share_initiative", "initiative_id"),
            ("buurtwerk.activity", "knowledge_team:share_activity", "activity_id"),
        ):
            record_actions.register(
                record_actions.RecordAction(
                    model, url_name, _("Share as practice case"), kwarg, visible=_shares
                )
            )
        region_sections.register(regions.SECTION)
        demo.register_all()
        backup.register_after_move(search.reindex_all)
