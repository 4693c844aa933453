"""Rules from higher apps that an account must keep to.

`accounts` does not know teams; `workspaces` joins here in its `AppConfig.ready()` with the rule
"a coordinator of a team that requires two-step verification keeps it on"."""

from collections.abc import Callable

_TWO_FACTOR_RULES: list[Callable] = []


def register_two_factor_requirement(rule: Callable) -> None:
    """`rule(user) -> bool`: True when something requires this user to keep 2FA on."""
    if rule not in _TWO_FACTOR_RULES:
        _TWO_FACTOR_RULES.append(rule)


def two_factor_required(user) -> bool:
    return any(rule(user) for rule in _TWO_FACTOR_RULES)
