"""Uploaded photos (a meter at a household visit, a werkbezoek's report): checked, re-encoded
without EXIF or location. Stored by the caller in the private media storage (`core.storage`).

A photo is decoded with Pillow and written again as a new JPEG from its pixels only: EXIF
(GPS position, camera, time), XMP and comments do not survive. Turned phone photos are turned
upright first, since the EXIF orientation goes with the rest.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a phone photo is 2-6 MB
MAX_PHOTO_PIXELS = 50_000_000  # refuse decompression bombs before decoding
MAX_SIDE_PX = 2000  # enough to read a meter or show a room; keeps the stored copy small
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")


def _refuse(message: str):
    raise ValidationError({"photo": message})


def clean_photo(upload) -> ContentFile:
    """A new JPEG of the upload's pixels (no metadata), or ValidationError on the photo field."""
    if upload.size > MAX_PHOTO_BYTES:
        _refuse(_("The photo is too large: at most 10 MB."))
    data = upload.read()
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in PHOTO_FORMATS:
            _refuse(_("Send a photo as JPEG, PNG or WebP."))
        if image.width * image.height > MAX_PHOTO_PIXELS:
            _refuse(_("The photo has too many pixels."))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        _refuse(_("This file is not a photo we can read. Send a JPEG, PNG or WebP photo."))
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    clean = Image.frombytes("RGB", image.size, image.tobytes())  # pixels only, no info
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
