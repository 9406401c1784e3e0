"""Renditions: sizes, formats, transparency, and nothing but pixels in them."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from media.processing import plain_render, render, rendition_plan
from media.services import image_prepare
from tests.media import corpus
from tests.media.conftest import upload


def opened(data: bytes) -> Image.Image:
    im = Image.open(BytesIO(data))
    im.load()
    return im


@pytest.mark.parametrize(
    ("widths", "source", "plan"),
    [
        ([160, 480, 1200], 4000, [("w160", 160), ("w480", 480), ("w1200", 1200)]),
        ([160, 480, 1200], 900, [("w160", 160), ("w480", 480), ("w1200", 900)]),
        ([160, 480, 1200], 300, [("w160", 160), ("w480", 300)]),
        ([160, 480, 1200], 100, [("w160", 100)]),
        ([480, 160, 480], 1000, [("w160", 160), ("w480", 480)]),
    ],
)
def test_rendition_plan_never_upscales(widths, source, plan):
    assert rendition_plan(widths, source) == plan


def test_renditions_of_a_photo_have_the_right_sizes_and_formats(settings):
    original = image_prepare(upload=upload(corpus.jpeg_with_exif(size=(2400, 1800)))).clean.data
    out = render(original, [160, 480, 1200])
    assert [(r.spec, r.format, r.width, r.height) for r in out] == [
        ("w1200", "webp", 1200, 1600),
        ("w1200", "jpeg", 1200, 1600),
        ("w480", "webp", 480, 640),
        ("w480", "jpeg", 480, 640),
        ("w160", "webp", 160, 213),
        ("w160", "jpeg", 160, 213),
    ]  # portrait: the EXIF rotation was applied to the original
    for r in out:
        im = opened(r.data)
        assert (im.format, im.size) == (
            {"webp": "WEBP", "jpeg": "JPEG"}[r.format],
            (r.width, r.height),
        )
        assert not im.getexif() and "icc_profile" not in im.info
        assert b"PhoneMaker" not in r.data and b"Exif" not in r.data


def test_transparent_pictures_keep_alpha_in_webp_and_are_flattened_on_white_in_jpeg():
    original = image_prepare(upload=upload(corpus.png_rgba((400, 300)), "a.png")).clean.data
    by_format = {r.format: opened(r.data) for r in render(original, [200])}
    webp, jpeg = by_format["webp"], by_format["jpeg"]
    assert webp.mode == "RGBA" and webp.getpixel((190, 75))[3] == 0  # transparent half
    assert jpeg.mode == "RGB"
    r, g, b = jpeg.getpixel((190, 75))
    assert min(r, g, b) > 240  # white, not black
    r, g, b = jpeg.getpixel((10, 75))
    assert b > 200 and r < 40  # the opaque blue half


def test_the_draft_render_matches_the_plain_one():
    original = corpus.encode(corpus.picture((3200, 2400)), "JPEG", quality=90)
    ours = {(r.spec, r.format): r for r in render(original, [160, 480, 1200])}
    plain = {(r.spec, r.format): r for r in plain_render(original, [160, 480, 1200])}
    assert ours.keys() == plain.keys()
    for key, rendition in ours.items():
        a, b = opened(rendition.data).convert("RGB"), opened(plain[key].data).convert("RGB")
        assert a.size == b.size
        # Same picture: red left half, blue right half, at the same places.
        for x in (a.width // 4, 3 * a.width // 4):
            pa, pb = a.getpixel((x, a.height // 2)), b.getpixel((x, a.height // 2))
            assert all(abs(i - j) < 24 for i, j in zip(pa, pb, strict=True)), (key, pa, pb)
