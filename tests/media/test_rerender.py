"""Renditions follow the specs: the task is idempotent, and `media_rerender` makes what is
missing and deletes what is stale when MEDIA_RENDITION_WIDTHS changes."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from media.models import Image, ImageStatus, Rendition
from media.renditions import image_render
from media.services import product_image_add
from media.tasks import image_render_task
from tests.media import corpus
from tests.media.conftest import files_under, upload

# What a terminal acts on: carriage return, escape, backspace... (tab and newline are text).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(product, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return product_image_add(
            product=product, upload=upload(corpus.jpeg((1600, 900))), actor=owner
        )


def specs(image) -> set[tuple[str, str, int]]:
    return set(image.renditions.values_list("spec", "format", "width"))


def test_the_task_is_idempotent(image, media_dirs):
    files = files_under(media_dirs / "public")
    rows = list(Rendition.objects.values_list("pk", "file"))
    assert len(files) == 6
    assert image_render_task(image.pk, image.key) == {"status": "ready", "made": 0, "deleted": 0}
    assert files_under(media_dirs / "public") == files
    assert list(Rendition.objects.values_list("pk", "file")) == rows


def test_a_stale_task_for_a_replaced_image_does_nothing(image):
    assert image_render(image_id=image.pk, key="not-the-current-key")["status"] == "gone"
    assert image_render(image_id=10**9)["status"] == "gone"


def test_a_missing_original_marks_the_image_failed(image, media_dirs):
    Rendition.objects.all().delete()
    for path in (media_dirs / "private").rglob("*.jpg"):
        path.unlink()
    assert image_render(image_id=image.pk)["status"] == "failed"
    image.refresh_from_db()
    assert image.status == ImageStatus.FAILED


def test_rerender_after_the_widths_change(
    image, settings, media_dirs, django_capture_on_commit_callbacks
):
    settings.MEDIA_RENDITION_WIDTHS = [320, 800]
    out, err = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # stale files go after commit
        call_command("media_rerender", stdout=out, stderr=err)
    assert specs(image) == {
        ("w320", "webp", 320),
        ("w320", "jpeg", 320),
        ("w800", "webp", 800),
        ("w800", "jpeg", 800),
    }
    # Not a terminal: the progress is one plain line, no carriage return or escape sequence.
    assert err.getvalue().startswith("images: 1/1 (100%) in ")
    assert not CONTROL.search(err.getvalue())
    assert "4 renditions made, 6 stale renditions deleted" in out.getvalue()
    public = files_under(media_dirs / "public")
    assert len(public) == 4 and all("w320" in p or "w800" in p for p in public)


def test_rerender_force_re_encodes_and_is_safe_to_repeat(image, media_dirs):
    out = io.StringIO()
    call_command("media_rerender", "--force", stdout=out, stderr=io.StringIO())
    assert "6 renditions made, 0 stale" in out.getvalue()
    assert len(files_under(media_dirs / "public")) == 6
    out = io.StringIO()
    call_command("media_rerender", stdout=out, stderr=io.StringIO())
    assert "0 renditions made, 0 stale" in out.getvalue()
    assert Image.objects.get().status == ImageStatus.READY


def test_rerender_queue_hands_images_to_the_workers(image, settings):
    settings.MEDIA_RENDITION_WIDTHS = [100]
    out = io.StringIO()
    call_command("media_rerender", "--queue", stdout=out)  # eager in tests: runs inline
    assert "Queued 1 images." in out.getvalue()
    assert specs(image) == {("w100", "webp", 100), ("w100", "jpeg", 100)}


def test_a_broker_outage_does_not_fail_the_upload_and_beat_catches_up(
    product, owner, django_capture_on_commit_callbacks, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from media.tasks import image_render_catch_up_task

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(image_render_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        image = product_image_add(product=product, upload=upload(corpus.jpeg()), actor=owner)
    image.refresh_from_db()
    assert image.status == ImageStatus.PROCESSING and not image.renditions.exists()
    monkeypatch.undo()
    assert image_render_catch_up_task() == 0  # too recent: its task may still be on its way
    Image.objects.filter(pk=image.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert image_render_catch_up_task() == 1
    image.refresh_from_db()
    assert image.status == ImageStatus.READY and image.renditions.count() == 2
