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
    "accounts.reauth.throttled": _("paused after too many wrong passwords or codes"),
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


# The keys services write in an event's `data`, as readers see them. A key that is a field of
# the event's object is named by the field; `tests/test_audit.py` fails on a key without a name.
DATA_LABELS = {
    "added": _("added"),
    "changed": _("changed"),
    "from": _("from"),
    "to": _("to"),
    "fields": _("fields"),
    "regions": _("areas"),
    "role": _("role"),
    "new_member": _("new member"),
    "sees_personal_data": _("sees personal data"),
    "initiative": _("initiative"),
    "initiatives_unlinked": _("initiatives unlinked"),
    "milestones": _("milestones"),
    "updates": _("updates"),
    "progress_pct": _("progress (%)"),
    "contact_id": _("resident number"),
    "campaign_id": _("campaign number"),
    "stakeholder": _("party number"),
    "rounds": _("rounds"),
    "scope": _("which"),
    "count": _("number"),
    "format": _("file"),
    "signals": _("signals"),
    "households": _("households"),
    "via": _("via"),
    "reason": _("reason"),
    "rule": _("rule"),
    "visits": _("visits"),
    "photos": _("photos"),
    "log_entries": _("logbook notes"),
    "approved": _("approved"),
    "guest": _("guest"),
    "parts": _("parts"),
    "told": _("people told"),
    "progress_from": _("progress before (%)"),
    "progress_to": _("progress after (%)"),
}
YES_NO = {True: _("yes"), False: _("no")}


def model_of(object_type: str):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def field_name(model, name: str) -> str:
    """The readable name of a field of the model (a model field's verbose name), else the key's
    label, else the key."""
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a relation without a name
            pass
    return str(DATA_LABELS.get(name, name))


def choice_label(model, value) -> str:
    """A stored value as readers see it: the label of a choice of the object's fields
    ("picked_up" -> "opgepakt"), yes/no for booleans, else the value itself."""
    if isinstance(value, bool):
        return str(YES_NO[value])
    if model is not None and isinstance(value, str):
        for field in model._meta.get_fields():
            for choice, label in getattr(field, "choices", None) or ():
                if choice == value:
                    return str(label)
    return str(value)


def data_label(object_type: str, data: dict) -> str:
    """An event's details in words: "van: gehoord; naar: opgepakt"; "velden: titel, buurt"."""
    model = model_of(object_type)

    def show(key, value):
        if isinstance(value, list) and not value:
            return "–"
        if key == "fields" and isinstance(value, list):
            return ", ".join(field_name(model, v) for v in value)
        if isinstance(value, list):
            return ", ".join(choice_label(model, v) for v in value)
        return choice_label(model, value)

    keys = sorted(data, key=lambda k: (k not in ("from", "to"), k != "from", k))
    return "; ".join(f"{field_name(model, key)}: {show(key, data[key])}" for key in keys)
