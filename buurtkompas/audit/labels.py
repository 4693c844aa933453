"""Readable names for the actions and objects in the audit log. Unknown actions show their code."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {  # account events (accounts is below audit); every other app registers its own
    "accounts.organisation.created": _("organisation created"),
    "accounts.organisation.verified": _("organisation verified"),
    "accounts.platform_coordinator.granted": _("made platform coordinator"),
    "accounts.platform_coordinator.revoked": _("no longer platform coordinator"),
    "accounts.user.created": _("account created"),
    "accounts.profile.changed": _("profile changed"),
    "accounts.password.changed": _("password changed"),
    "accounts.password.reset": _("password reset"),
    "accounts.2fa.enabled": _("two-factor authentication switched on"),
    "accounts.2fa.disabled": _("two-factor authentication switched off"),
}


def register(actions: dict) -> None:
    """Readable labels (lazy translations) for an app's action codes "<app>.<object>.<verb>".

    Each app calls it from its `AppConfig.ready()` with its own labels (`<app>/audit_labels.py`);
    an action without a label shows "<object kind>: <verb>" when the object is a model of the app
    and the verb is one of `VERBS`, else its code (`tests/test_audit.py` fails on such a code).
    """
    ACTION_LABELS.update(actions)


VERBS = {
    "created": _("created"),
    "changed": _("changed"),
    "deleted": _("deleted"),
    "viewed": _("viewed"),
    "exported": _("exported"),
    "recorded": _("recorded"),
    "withdrawn": _("withdrawn"),
    "planned": _("planned"),
    "connected": _("connected"),
    "disconnected": _("disconnected"),
    "added": _("added"),
    "status_changed": _("status changed"),
    "taken_up": _("taken up as an initiative"),
    "registered": _("participant registered"),
    "unregistered": _("participant unregistered"),
}


def action_label(action: str) -> str:
    """A readable label; for actions without one, "<object kind>: <verb>" from the code."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    app_label, _dot, rest = action.partition(".")
    entity, _dot, verb = rest.rpartition(".")
    kind = object_label(f"{app_label}.{entity.replace('_', '')}") if entity else ""
    if kind and verb in VERBS and kind != f"{app_label}.{entity.replace('_', '')}":
        return f"{kind}: {VERBS[verb]}"
    return action


def object_label(object_type: str) -> str:
    """The readable name of a model label such as "residents.contact"."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
