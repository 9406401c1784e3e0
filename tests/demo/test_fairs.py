"""The demo fairs: one per state, capacity respected, showcase browsable, loading idempotent."""

from __future__ import annotations

import pytest
from django.db.models import F, Sum

from demo.fairs import DEMO_SLUGS, OPEN_SLUG, RUNNING_SLUG, demo_fairs_load
from demo.loader import demo_load
from fairs.models import HOLDING_STATUSES, BoothType, ExhibitorApplication, Fair, ShowcaseItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert demo_load()


def test_demo_fairs_cover_every_state(demo, api_client):
    states = dict(Fair.objects.filter(slug__in=DEMO_SLUGS).values_list("slug", "status"))
    assert sorted(states.values()) == ["cancelled", "draft", "finished", "open", "running"]
    assert all(
        f.organizers.filter(email="organizer@demo.local").exists() for f in Fair.objects.all()
    )
    listed = {f["slug"] for f in api_client.get("/api/v1/fairs/").json()["results"]}
    assert listed == {s for s, st in states.items() if st not in ("draft", "cancelled")}


def test_demo_capacity_waitlist_and_showcase(demo, api_client):
    for booth in BoothType.objects.all():
        held = booth.applications.filter(status__in=HOLDING_STATUSES).aggregate(n=Sum("quantity"))
        assert (held["n"] or 0) <= booth.count
    corner = BoothType.objects.get(fair__slug=OPEN_SLUG, name="Gian góc")
    detail = api_client.get(f"/api/v1/fairs/{OPEN_SLUG}/").json()
    [corner_row] = [b for b in detail["booth_types"] if b["id"] == corner.pk]
    assert (corner_row["available"], corner_row["waiting"]) == (0, 3)
    showcase = api_client.get(f"/api/v1/fairs/{RUNNING_SLUG}/showcase/").json()
    assert showcase["count"] > 20
    assert (
        api_client.get(f"/api/v1/products/?fair={RUNNING_SLUG}").json()["count"]
        == showcase["count"]
    )
    # every product shown is its exhibitor's own
    assert not ShowcaseItem.objects.exclude(product__vendor=F("application__vendor"))


def test_demo_fairs_load_is_idempotent(demo):
    before = ExhibitorApplication.objects.count()
    assert demo_fairs_load() == {}
    assert ExhibitorApplication.objects.count() == before
    assert not demo_load()
