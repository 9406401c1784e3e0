"""The test corpus, generated here with Pillow: no binary fixtures in the repository.

Each function returns the bytes of one kind of file the upload checks must judge.
"""

from __future__ import annotations

import random
import struct
import zlib
from io import BytesIO

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def picture(size: tuple[int, int] = (64, 48), mode: str = "RGB", color=None) -> Image.Image:
    """A picture whose left half is red and right half blue, so orientation is visible."""
    im = Image.new(mode, size, color or ((255, 255, 255) if mode == "RGB" else 0))
    if mode == "RGB" and color is None:
        draw = ImageDraw.Draw(im)
        draw.rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=(220, 20, 20))
        draw.rectangle((size[0] // 2, 0, size[0] - 1, size[1] - 1), fill=(20, 20, 220))
    return im


def encode(im: Image.Image, fmt: str, **params) -> bytes:
    out = BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def jpeg(size=(64, 48), **params) -> bytes:
    return encode(picture(size), "JPEG", quality=90, **params)


def png(size=(64, 48)) -> bytes:
    return encode(picture(size), "PNG")


def webp(size=(64, 48)) -> bytes:
    return encode(picture(size), "WEBP", quality=90)


def jpeg_with_exif(orientation: int = 6, size=(64, 48)) -> bytes:
    """A phone photo: EXIF orientation (6 = rotate 90° clockwise to display), GPS, camera make,
    an XMP packet and an ICC profile."""
    im = picture(size)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (21.0, 19.0, 12.0), 3: "E", 4: (105.0, 24.0, 6.0)}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Viet Tri</rdf:RDF></x:xmpmeta>'
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(im, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp, icc_profile=icc)


def png_palette_transparent(size=(40, 30)) -> bytes:
    """A palette PNG whose index 0 is transparent (tRNS) and a text chunk with a location."""
    from PIL import PngImagePlugin

    im = Image.new("P", size, 0)
    im.putpalette([0, 0, 0, 0, 160, 0] + [0] * (254 * 3))
    draw = ImageDraw.Draw(im)
    draw.rectangle((size[0] // 2, 0, size[0] - 1, size[1] - 1), fill=1)
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "21.3N 105.4E")
    return encode(im, "PNG", transparency=0, pnginfo=info)


def png_rgba(size=(40, 30)) -> bytes:
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=(0, 0, 255, 255))
    return encode(im, "PNG")


def jpeg_cmyk(size=(32, 24)) -> bytes:
    # Pure cyan in CMYK: displays as (0, 255, 255)-ish in RGB.
    return encode(Image.new("CMYK", size, (255, 0, 0, 0)), "JPEG", quality=95)


def png_16bit_grey(size=(20, 10)) -> bytes:
    return encode(Image.new("I;16", size, 40000), "PNG")


def animated_webp(size=(30, 20)) -> bytes:
    frames = [Image.new("RGB", size, c) for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def animated_png(size=(30, 20)) -> bytes:
    frames = [Image.new("RGBA", size, c) for c in ((200, 0, 0, 255), (0, 200, 0, 255))]
    return encode(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100)


def gif(size=(30, 20)) -> bytes:
    return encode(Image.new("RGB", size, (10, 200, 10)), "GIF")


def truncated_jpeg(size=(200, 150)) -> bytes:
    data = jpeg(size)
    return data[: len(data) * 2 // 3]


def truncated_jpeg_keeping_eoi(size=(200, 150)) -> bytes:
    """Cut in the middle of the scan data but with an end marker glued on: only the decoder
    can tell."""
    data = jpeg(size)
    return data[: len(data) // 2] + b"\xff\xd9"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * 3 * min(width, 16)
    idat = zlib.compress(row * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def png_bad_crc() -> bytes:
    data = bytearray(png((20, 20)))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip a compressed byte; the chunk's CRC no longer matches
    return bytes(data)


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def jpeg_with_html_appended() -> bytes:
    # Large enough that the markup starts after the first kilobyte.
    data = jpeg((400, 300))
    assert len(data) > 1024
    return data + b"<html><script>alert(document.domain)</script></html>"


def jpeg_with_zip_appended() -> bytes:
    """A GIFAR-style polyglot: a valid JPEG followed by a ZIP archive."""
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe" + b"\x00" * 32)
    return jpeg() + out.getvalue()


def png_with_trailing_data() -> bytes:
    return png() + b"PK\x03\x04 hidden archive"


def jpeg_with_script_header() -> bytes:
    """JPEG magic, then markup in a comment segment within the first kilobyte."""
    data = jpeg()
    comment = b"<script>alert(1)</script>"
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def jpeg_with_padding() -> bytes:
    return jpeg() + b"\x00" * 64


def mpo_like() -> bytes:
    """A JPEG followed by a second complete JPEG (how phones append gain maps)."""
    return jpeg() + jpeg((16, 12))


def pdf(body: bytes = b"") -> bytes:
    objects = (
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    )
    return b"%PDF-1.4\n" + objects + body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_with_javascript() -> bytes:
    return pdf(b"4 0 obj << /S /JavaScript /JS (app.alert('x')) >> endobj\n")


def pdf_with_escaped_javascript() -> bytes:
    return pdf(b"4 0 obj << /S /J#61vaScript /J#53 (app.alert('x')) >> endobj\n")


def pdf_with_embedded_file() -> bytes:
    return pdf(b"4 0 obj << /Names << /EmbeddedFiles 5 0 R >> >> endobj\n")


def pdf_truncated() -> bytes:
    return pdf()[:-8]


def fuzzed(seed: int) -> bytes:
    """Random bytes, sometimes behind a real magic number so deeper checks are reached."""
    rng = random.Random(seed)
    body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 4000)))
    prefix = rng.choice(
        [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\x10\x00\x00\x00WEBPVP8 ", b"%PDF-"]
    )
    return prefix + body


def mutated(seed: int) -> bytes:
    """A real JPEG, PNG or WebP with a few bytes overwritten at random."""
    rng = random.Random(seed)
    data = bytearray(rng.choice([jpeg, png, webp])((48, 32)))
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.getrandbits(8)
    return bytes(data)
