"""Demo pictures go through the real upload path, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from media.models import Image, ImageStatus
from tests.factories import ProductFactory
from tests.media.conftest import files_under

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_dirs(settings, tmp_path):
    """The pictures go under this test's own MEDIA_ROOT and private root."""
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.MEDIA_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


def test_media_demo_draws_pictures_once(
    vendor, other_vendor, product, media_dirs, django_capture_on_commit_callbacks, settings
):
    settings.DEBUG = True  # as in `make demo`
    ProductFactory(vendor=other_vendor)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("media_demo", "--products", "2", stdout=out)
    assert "6 demo pictures added" in out.getvalue()  # 2 products + 2 logos + 2 banners
    assert Image.objects.filter(status=ImageStatus.READY).count() == 6
    assert set(Image.objects.values_list("kind", flat=True)) == {"gallery", "logo", "banner"}
    assert len(files_under(media_dirs / "private")) == 6
    out = io.StringIO()
    call_command("media_demo", stdout=out)
    assert "0 demo pictures added" in out.getvalue()


def test_media_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("media_demo")
