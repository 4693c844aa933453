from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _members_only(request) -> bool:
    return request.network_member is not None


class MentoringConfig(AppConfig):
    name = "buurtkompas.mentoring"
    label = "mentoring"

    def ready(self):
        from buurtkompas.audit import labels
        from buurtkompas.mentoring import audit_labels, demo
        from buurtkompas.network import navigation

        labels.register(audit_labels.ACTION_LABELS)
        navigation.register(
            navigation.NetworkLink(
                "mentoring:home", _("Mentoring (rookie–master)"), order=50, visible=_members_only
            )
        )
        demo.register_all()
