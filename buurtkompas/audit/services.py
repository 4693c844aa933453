"""Write the audit trail. Services call `log_action`; views never do."""

from buurtkompas.audit.models import AuditEvent

# Keys whose values must never reach the log, even if a caller passes them by mistake.
SENSITIVE = {
    "name",
    "reach",
    "notes",
    "email",
    "phone",
    "address",
    "password",
    "token",
    "secret",
    "totp_secret",
    "description",
}


def log_action(
    *, actor, action: str, workspace=None, obj=None, data: dict | None = None
) -> AuditEvent:
    clean = {k: ("***" if k in SENSITIVE else v) for k, v in (data or {}).items()}
    return AuditEvent.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=clean,
    )
