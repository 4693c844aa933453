"""Private files: meter photos, photos of a werkbezoek's report. Never served as static or
public media; a view that checks who may see them streams them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateMediaStorage(FileSystemStorage):
    """`settings.PRIVATE_MEDIA_ROOT`, read when used (so tests can point it elsewhere). No
    URL: a view streams the file."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):  # noqa: D102 - overrides FileSystemStorage's cached value
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no public URL")


def private_storage() -> PrivateMediaStorage:
    return PrivateMediaStorage()
