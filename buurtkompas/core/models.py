from django.db import models


class PublicVersion(models.Model):
    """One row: the version of everything the public pages show (figures, listings, public
    knowledge items). Every write that changes a public page bumps it in its own transaction
    (`core.public_cache.bump()`), so the cached answers of every app server are stale from the
    moment the change is committed."""

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"public version {self.counter}"
