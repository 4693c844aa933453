"""What accounts report to whoever keeps the audit trail.

`accounts` sits below `audit` (an audit event names a user), so accounts' services do not call
`audit.services.log_action` themselves: they call `record()`, and `audit` joins with
`register_recorder(log_action)` in its `AppConfig.ready()`. A recorder receives keyword
arguments `actor`, `action`, `obj` and `data` (never personal data)."""

from collections.abc import Callable

_RECORDERS: list[Callable] = []


def register_recorder(recorder: Callable) -> None:
    if recorder not in _RECORDERS:
        _RECORDERS.append(recorder)


def record(*, actor, action: str, obj=None, data: dict | None = None) -> None:
    for recorder in _RECORDERS:
        recorder(actor=actor, action=action, obj=obj, data=data)
