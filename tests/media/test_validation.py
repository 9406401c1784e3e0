"""Uploads are judged by content: each kind of bad file is refused with its own code, and
good files of every supported kind come out oriented, in RGB(A) and without metadata."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from core.errors import ValidationFailed
from media.services import image_prepare, scan_clean
from tests.media import corpus
from tests.media.conftest import upload


def refused(data: bytes, name: str = "photo.jpg") -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        image_prepare(upload=upload(data, name))
    error = caught.value
    assert error.errors["file"], "a refusal names the field"
    return error


def prepared_image(data: bytes) -> Image.Image:
    clean = image_prepare(upload=upload(data)).clean
    im = Image.open(BytesIO(clean.data))
    im.load()
    return im


# --- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (corpus.SVG, "file_active_content"),
        (corpus.HTML, "file_active_content"),
        (corpus.jpeg_with_script_header(), "file_active_content"),
        (corpus.gif(), "file_type_not_allowed"),
        (corpus.pdf(), "file_type_not_allowed"),
        (b"GIF89a" + b"\x00" * 100, "file_type_not_allowed"),
        (b"PK\x03\x04 a zip archive", "file_type_not_allowed"),
        (corpus.jpeg_with_html_appended(), "file_polyglot"),
        (corpus.jpeg_with_zip_appended(), "file_polyglot"),
        (corpus.png_with_trailing_data(), "file_polyglot"),
        (corpus.truncated_jpeg(), "image_corrupt"),
        (corpus.png_bad_crc(), "image_corrupt"),
        (corpus.png()[:-20], "image_corrupt"),
        (corpus.webp()[:-10], "image_corrupt"),
        (corpus.png_bomb(), "image_too_many_pixels"),
        (b"", "file_empty"),
    ],
    ids=[
        "svg",
        "html",
        "jpeg-magic-with-script",
        "gif",
        "pdf-as-picture",
        "gif-magic",
        "zip",
        "jpeg+html",
        "jpeg+zip-gifar",
        "png+trailing",
        "truncated-jpeg",
        "png-bad-crc",
        "png-cut",
        "webp-cut",
        "png-bomb-100k-side",
        "empty",
    ],
)
def test_bad_files_are_refused_with_their_reason(data, code):
    assert refused(data).code == code


def test_the_name_does_not_matter_only_the_content():
    assert refused(corpus.SVG, name="innocent.jpg").code == "file_active_content"
    assert image_prepare(upload=upload(corpus.png(), name="photo.svg")).clean.format == "png"


def test_a_decompression_bomb_is_refused_from_its_header(settings):
    # 7,000 × 7,000 = 49 MP: within the longest-side limit, over the 40 MP pixel limit. The
    # file is a few hundred bytes; nothing is decoded.
    error = refused(corpus.png_bomb(7000, 7000))
    assert error.code == "image_too_many_pixels"
    assert "40" in error.errors["file"][0]  # says the limit


def test_a_wide_strip_is_refused_by_its_longest_side():
    assert refused(corpus.png_bomb(20_000, 10)).code == "image_too_large"


def test_a_jpeg_cut_short_but_given_an_end_marker_is_a_damaged_picture_not_a_danger():
    # libjpeg fills the missing scan data with grey and Pillow reports no error, so this one
    # is accepted: what is stored is still a clean, re-encoded JPEG of the right size.
    clean = image_prepare(upload=upload(corpus.truncated_jpeg_keeping_eoi())).clean
    assert (clean.format, clean.width, clean.height) == ("jpeg", 200, 150)


def test_pillows_own_bomb_guard_is_an_error_not_a_warning(settings):
    # Over twice the limit Pillow raises DecompressionBombError; between one and two times it
    # only warns, and the warning is turned into the same refusal (not a log line).
    settings.MEDIA_MAX_DIMENSION = 200_000
    settings.MEDIA_MAX_PIXELS = 1_000_000
    assert refused(corpus.png_bomb(50_000, 50_000)).code == "image_too_many_pixels"
    assert refused(corpus.png_bomb(1200, 1200)).code == "image_too_many_pixels"


def test_limits_are_settings(settings):
    settings.MEDIA_MAX_BYTES = 1000
    error = refused(corpus.jpeg((200, 200)))
    assert error.code == "file_too_large"
    settings.MEDIA_MAX_BYTES = 10 * 1024 * 1024
    settings.MEDIA_MAX_DIMENSION = 100
    assert refused(corpus.jpeg((120, 20))).code == "image_too_large"
    settings.MEDIA_MAX_DIMENSION = 12000
    settings.MEDIA_MAX_PIXELS = 1000
    assert refused(corpus.jpeg((40, 30))).code == "image_too_many_pixels"


def test_size_is_checked_before_reading(settings):
    settings.MEDIA_MAX_BYTES = 10

    class Huge:
        size = 10**12

        def read(self, n=-1):  # pragma: no cover - must not be called
            raise AssertionError("read a file already known to be too large")

    with pytest.raises(ValidationFailed) as caught:
        image_prepare(upload=Huge())
    assert caught.value.code == "file_too_large"


@pytest.mark.parametrize("seed", range(60))
def test_fuzzed_bytes_are_refused_cleanly(seed):
    # Random bytes never crash the checks: a clear refusal, never another exception.
    refused(corpus.fuzzed(seed))


@pytest.mark.parametrize("seed", range(60))
def test_mutated_images_are_either_refused_or_clean(seed):
    data = corpus.mutated(seed)
    try:
        prepared = image_prepare(upload=upload(data))
    except ValidationFailed as error:
        assert error.code in {
            "image_corrupt",
            "file_polyglot",
            "file_type_not_allowed",
            "image_too_large",
            "image_too_many_pixels",
            "file_active_content",
        }
        return
    im = Image.open(BytesIO(prepared.clean.data))
    im.load()
    assert im.mode in ("RGB", "RGBA")


# --- what comes out of a good file -------------------------------------------------------------


def test_exif_orientation_is_applied_then_all_metadata_stripped():
    raw = corpus.jpeg_with_exif(orientation=6, size=(64, 48))
    assert b"PhoneMaker" in raw and b"xmpmeta" in raw  # the corpus really carries metadata
    clean = image_prepare(upload=upload(raw)).clean
    im = Image.open(BytesIO(clean.data))
    # Orientation 6: displayed rotated 90° clockwise, so 64 × 48 becomes 48 × 64 and the red
    # (left) half ends up on top.
    assert im.size == (48, 64) and (clean.width, clean.height) == (48, 64)
    top, bottom = im.convert("RGB").getpixel((24, 5)), im.convert("RGB").getpixel((24, 58))
    assert top[0] > 180 and top[2] < 80, top
    assert bottom[2] > 180 and bottom[0] < 80, bottom
    exif = im.getexif()
    assert len(exif) == 0 and not exif.get_ifd(corpus.GPS_IFD)
    assert "exif" not in im.info and "icc_profile" not in im.info and "xmp" not in im.info
    for marker in (b"Exif", b"PhoneMaker", b"xmpmeta", b"ICC_PROFILE", b"Viet Tri"):
        assert marker not in clean.data, marker


def test_png_text_chunks_are_stripped_and_transparency_kept():
    raw = corpus.png_palette_transparent()
    assert b"Location" in raw
    clean = image_prepare(upload=upload(raw, "a.png")).clean
    assert clean.format == "png" and b"Location" not in clean.data and b"tEXt" not in clean.data
    im = Image.open(BytesIO(clean.data))
    assert im.mode == "RGBA"
    assert im.getpixel((2, 2))[3] == 0  # transparent half
    assert im.getpixel((35, 2)) == (0, 160, 0, 255)


def test_cmyk_jpeg_becomes_rgb_with_the_right_colour():
    im = prepared_image(corpus.jpeg_cmyk())
    assert im.mode == "RGB"
    r, g, b = im.getpixel((5, 5))
    assert r < 60 and g > 200 and b > 200, (r, g, b)  # cyan


def test_sixteen_bit_grey_png_is_scaled_not_clipped():
    im = prepared_image(corpus.png_16bit_grey())
    assert im.mode == "RGB"
    assert 140 < im.getpixel((3, 3))[0] < 170  # 40000 / 65535 ≈ 61 % grey


@pytest.mark.parametrize("make", [corpus.animated_webp, corpus.animated_png])
def test_animated_images_keep_their_first_frame(make):
    raw = make()
    assert getattr(Image.open(BytesIO(raw)), "n_frames", 1) > 1
    im = prepared_image(raw)
    assert getattr(im, "n_frames", 1) == 1
    r, g, b = im.convert("RGB").getpixel((5, 5))
    assert r > 150 and g < 60 and b < 60  # the first (red) frame


def test_formats_are_kept_and_padding_or_appended_jpegs_accepted():
    assert image_prepare(upload=upload(corpus.webp())).clean.format == "webp"
    assert image_prepare(upload=upload(corpus.png())).clean.format == "png"
    assert image_prepare(upload=upload(corpus.jpeg_with_padding())).clean.format == "jpeg"
    clean = image_prepare(upload=upload(corpus.mpo_like())).clean
    assert (clean.format, clean.width, clean.height) == ("jpeg", 64, 48)


# --- certificate scans ----------------------------------------------------------------------


def test_scans_accept_pdf_and_pictures():
    assert scan_clean(upload=upload(corpus.pdf(), "scan.pdf")).read() == corpus.pdf()
    cleaned = scan_clean(upload=upload(corpus.jpeg_with_exif(), "scan.jpg"))
    data = cleaned.read()
    assert cleaned.name.endswith(".jpg") and b"PhoneMaker" not in data and b"Exif" not in data


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (corpus.pdf_with_javascript(), "pdf_active_content"),
        (corpus.pdf_with_escaped_javascript(), "pdf_active_content"),
        (corpus.pdf_with_embedded_file(), "pdf_active_content"),
        (corpus.pdf_truncated(), "pdf_incomplete"),
        (corpus.HTML, "file_active_content"),
        (corpus.gif(), "file_type_not_allowed"),
        (corpus.jpeg_with_zip_appended(), "file_polyglot"),
    ],
)
def test_bad_scans_are_refused(data, code):
    with pytest.raises(ValidationFailed) as caught:
        scan_clean(upload=upload(data, "scan.pdf"))
    assert caught.value.code == code
    assert caught.value.errors["scan"]
