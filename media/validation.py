"""Judging an upload by its content, never by its name or its declared content type.

Pictures: JPEG, PNG and WebP only. Certificate scans: those, or PDF. The checks run cheapest
first and nothing is decoded before the header's dimensions pass the limits:

1. size (MEDIA_MAX_BYTES) and emptiness;
2. web-page or script markers in the first kilobyte (SVG, HTML, "image" files hiding markup);
3. the magic bytes (what the file says it is);
4. the container's own structure walked to its end marker: anything after it other than
   padding is refused, which catches polyglots (a JPEG with a ZIP or HTML appended). A JPEG
   may be followed by further complete JPEGs (MPO / Ultra HDR gain maps from phones);
5. Pillow identifies the file from a whitelist of its plugins, reads the header, and the
   width, height and pixel count are checked against MEDIA_MAX_DIMENSION and MEDIA_MAX_PIXELS;
   Pillow's own DecompressionBombWarning/Error is turned into the same refusal;
6. `verify()` (PNG chunk CRCs). Full decoding happens in media.processing.normalise, whose
   failures (truncated data) are refused the same way.

Every refusal is a ValidationFailed in the one error shape, with a stable `code`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import ValidationFailed

PICTURE_FORMATS = ("jpeg", "png", "webp")
SCAN_FORMATS = (*PICTURE_FORMATS, "pdf")
# Pillow plugin ids we let identify a file; MPO is Pillow's name for a multi-picture JPEG.
PILLOW_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp"}
OPEN_WITH = ["JPEG", "PNG", "WEBP"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ACTIVE_MARKERS = (
    b"<html",
    b"<!doctype html",
    b"<script",
    b"<svg",
    b"<iframe",
    b"<body",
    b"<object",
    b"<embed",
    b"<meta http-equiv",
    b"javascript:",
)
# PDF features that run code or carry other files.
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|EmbeddedFiles?|Launch|RichMedia|XFA)(?![A-Za-z])")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PADDING = b"\x00 \t\r\n"


@dataclass(frozen=True)
class Probe:
    """What the checks learnt: the real format and, for pictures, the header's size."""

    format: str
    width: int = 0
    height: int = 0
    frames: int = 1


def refuse(message: str, *, code: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed(message, errors={field: [message]}, code=code)


def read_upload(upload: IO[bytes] | Any, *, field: str = "file") -> bytes:
    """The upload's bytes, refusing more than MEDIA_MAX_BYTES without reading past it."""
    limit = settings.MEDIA_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > limit:
        raise _too_large(field)
    if not data:
        raise refuse(_("The file is empty."), code="file_empty", field=field)
    return bytes(data)


def _too_large(field: str) -> ValidationFailed:
    megabytes = settings.MEDIA_MAX_BYTES / (1024 * 1024)
    return refuse(
        _("The file is larger than %(limit)s MB.") % {"limit": f"{megabytes:g}"},
        code="file_too_large",
        field=field,
    )


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


# --- container structure --------------------------------------------------------------------


class _Broken(Exception):
    """The container's structure is cut short or malformed."""


def _jpeg_end(data: bytes, start: int = 0) -> int:
    """Offset just after the EOI marker of the JPEG starting at `start`."""
    n = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        raise _Broken
    pos = start + 2
    while True:
        if pos >= n or data[pos] != 0xFF:
            raise _Broken
        while pos < n and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= n:
            raise _Broken
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            return pos
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # RSTn, TEM: no length
            continue
        if marker in (0xD8, 0x00):
            raise _Broken
        if pos + 2 > n:
            raise _Broken
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > n:
            raise _Broken
        pos += length
        if marker == 0xDA:  # SOS: entropy-coded data runs to the next real marker
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= n:
                    raise _Broken
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2  # stuffed byte or restart marker: still scan data
                elif following == 0xFF:
                    pos += 1
                else:
                    break


def _png_end(data: bytes) -> int:
    n, pos = len(data), len(PNG_SIGNATURE)
    while pos + 12 <= n:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if pos > n:
            break
        if kind == b"IEND":
            return pos
    raise _Broken


def _webp_end(data: bytes) -> int:
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)
    if size < 4 or end > len(data) + (size & 1):
        raise _Broken
    return min(end, len(data))


def _only_padding(rest: bytes) -> bool:
    return not rest.strip(PADDING)


def check_structure(data: bytes, fmt: str, *, field: str = "file") -> None:
    """Refuse a cut-short container, or one with anything but padding after its end."""
    try:
        if fmt == "jpeg":
            end = _jpeg_end(data)
            rest = data[end:].lstrip(PADDING)
            # Phones append more complete JPEGs (MPO pictures, Ultra HDR gain maps).
            while rest.startswith(b"\xff\xd8\xff"):
                rest = rest[_jpeg_end(rest) :].lstrip(PADDING)
        elif fmt == "png":
            rest = data[_png_end(data) :]
        else:
            rest = data[_webp_end(data) :]
    except _Broken:
        raise _corrupt(field) from None
    if not _only_padding(rest):
        raise refuse(
            _("The file has extra data after the end of the picture (it may hide another file)."),
            code="file_polyglot",
            field=field,
        )


def _corrupt(field: str) -> ValidationFailed:
    return refuse(
        _("The picture is damaged or incomplete and cannot be read."),
        code="image_corrupt",
        field=field,
    )


# --- the checks -----------------------------------------------------------------------------


@contextmanager
def pillow_limits() -> Iterator[None]:
    """Pillow's bomb guard at our pixel limit, its warning raised as an error."""
    Image.MAX_IMAGE_PIXELS = settings.MEDIA_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _too_many_pixels(field: str, width: int | None = None, height: int | None = None) -> Any:
    limit = settings.MEDIA_MAX_PIXELS / 1_000_000
    if width and height:
        message = _("The picture has %(pixels)s megapixels; at most %(limit)s are accepted.") % {
            "pixels": f"{width * height / 1_000_000:.1f}",
            "limit": f"{limit:g}",
        }
    else:
        message = _("The picture has too many pixels; at most %(limit)s megapixels.") % {
            "limit": f"{limit:g}"
        }
    return refuse(message, code="image_too_many_pixels", field=field)


def _check_active_content(data: bytes, field: str) -> None:
    head = data[:1024].lower()
    if any(marker in head for marker in ACTIVE_MARKERS):
        raise refuse(
            _("The file contains web page or script content and is refused."),
            code="file_active_content",
            field=field,
        )


def check_picture_header(data: bytes, fmt: str, *, field: str = "file") -> Probe:
    """Identify with Pillow and check the header's dimensions; decodes nothing."""
    try:
        with pillow_limits(), Image.open(BytesIO(data), formats=OPEN_WITH) as im:
            found = PILLOW_FORMATS.get(im.format or "")
            width, height = im.size
            frames = getattr(im, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _corrupt(field) from None
    if found != fmt:
        raise _corrupt(field)
    limit = settings.MEDIA_MAX_DIMENSION
    if width < 1 or height < 1:
        raise _corrupt(field)
    if max(width, height) > limit:
        raise refuse(
            _(
                "The picture is %(width)s × %(height)s pixels; the longest side may be at "
                "most %(limit)s."
            )
            % {"width": width, "height": height, "limit": limit},
            code="image_too_large",
            field=field,
        )
    if width * height > settings.MEDIA_MAX_PIXELS:
        raise _too_many_pixels(field, width, height)
    try:
        with pillow_limits(), Image.open(BytesIO(data), formats=OPEN_WITH) as im:
            im.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(field) from None
    except Exception:  # verify() raises many kinds on bad data: all mean "corrupt"
        raise _corrupt(field) from None
    return Probe(format=fmt, width=width, height=height, frames=frames)


def check_pdf(data: bytes, *, field: str = "file") -> Probe:
    if b"%%EOF" not in data[-2048:]:
        raise refuse(
            _("The PDF is incomplete (it has no end-of-file marker)."),
            code="pdf_incomplete",
            field=field,
        )
    names = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)
    if PDF_ACTIVE.search(names):
        raise refuse(
            _("PDFs with scripts, embedded files or launch actions are refused."),
            code="pdf_active_content",
            field=field,
        )
    return Probe(format="pdf")


def inspect(
    data: bytes, *, allowed: tuple[str, ...] = PICTURE_FORMATS, field: str = "file"
) -> Probe:
    """Run every content check on `data`; the Probe says what it really is."""
    _check_active_content(data, field)
    fmt = sniff(data)
    if fmt not in allowed:
        if allowed == PICTURE_FORMATS:
            message = _("Only JPEG, PNG and WebP pictures are accepted.")
        else:
            message = _("A scan must be a PDF, JPEG, PNG or WebP file.")
        raise refuse(message, code="file_type_not_allowed", field=field)
    if fmt == "pdf":
        return check_pdf(data, field=field)
    check_structure(data, fmt, field=field)
    return check_picture_header(data, fmt, field=field)
