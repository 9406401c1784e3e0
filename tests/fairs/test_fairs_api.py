"""The fairs API: public listing and detail, organizer CRUD and lifecycle, booth types."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditLog
from fairs.models import Fair, FairOrganizer, FairStatus
from tests.factories import UserFactory
from tests.factories.fairs import BoothTypeFactory, FairFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


def _body(**extra):
    now = timezone.now()
    body = {
        "name": "Phiên chợ hàng Việt về nông thôn Thanh Sơn",
        "kind": "physical",
        "venue": "Sân vận động xã Thanh Sơn",
        "province": 25,
        "registration_opens_at": (now + dt.timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + dt.timedelta(days=20)).isoformat(),
        "starts_at": (now + dt.timedelta(days=25)).isoformat(),
        "ends_at": (now + dt.timedelta(days=27)).isoformat(),
        "min_ocop_stars": 3,
        "allowed_provinces": [25],
        "allowed_categories": ["thuc-pham"],
        "visitor_capacity": 800,
        "approval_mode": "review",
    }
    body.update(extra)
    return body


def test_public_list_shows_published_fairs_only(api_client, organizer):
    FairFactory(slug="ban-nhap", status=FairStatus.DRAFT, published_at=None)
    FairFactory(slug="da-huy", status=FairStatus.CANCELLED)
    FairFactory(slug="dang-mo")
    FairFactory(slug="dang-dien-ra", status=FairStatus.RUNNING)
    response = api_client.get("/api/v1/fairs/")
    assert response.status_code == 200
    assert sorted(f["slug"] for f in response.json()["results"]) == ["dang-dien-ra", "dang-mo"]
    assert api_client.get("/api/v1/fairs/ban-nhap/").status_code == 404
    cancelled = api_client.get("/api/v1/fairs/da-huy/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_list_filters(api_client):
    past = timezone.now() - dt.timedelta(days=60)
    FairFactory(
        slug="da-xong",
        status=FairStatus.FINISHED,
        kind="online",
        venue="",
        province_id=None,
        commune_id=None,
        online_url="https://hoicho.example.vn",
        registration_opens_at=past,
        registration_closes_at=past + dt.timedelta(days=5),
        starts_at=past + dt.timedelta(days=6),
        ends_at=past + dt.timedelta(days=8),
    )
    FairFactory(slug="sap-toi")
    get = lambda q: sorted(  # noqa: E731
        f["slug"] for f in api_client.get(f"/api/v1/fairs/?{q}").json()["results"]
    )
    assert get("upcoming=true") == ["sap-toi"]
    assert get("upcoming=false") == ["da-xong"]
    assert get("kind=online") == ["da-xong"]
    assert get("status=finished") == ["da-xong"]
    assert get("province=25") == ["sap-toi"]
    bad = api_client.get("/api/v1/fairs/?status=bogus")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_list_query_count_is_constant(api_client, django_assert_num_queries):
    FairFactory.create_batch(5)
    with django_assert_num_queries(2):
        assert len(api_client.get("/api/v1/fairs/?page_size=50").json()["results"]) == 5
    FairFactory.create_batch(45)
    with django_assert_num_queries(2):
        assert len(api_client.get("/api/v1/fairs/?page_size=50").json()["results"]) == 50


def test_detail_shows_booth_availability(
    api_client, fair, standard_booth, django_assert_num_queries
):
    from tests.factories.fairs import ExhibitorApplicationFactory

    ExhibitorApplicationFactory(booth_type=standard_booth, quantity=2)
    ExhibitorApplicationFactory(booth_type=standard_booth, status="waitlisted")
    with django_assert_num_queries(5):
        body = api_client.get(f"/api/v1/fairs/{fair.slug}/").json()
    [booth] = body["booth_types"]
    assert (booth["count"], booth["held"], booth["waiting"], booth["available"]) == (3, 2, 1, 1)
    assert body["organizers"] == ["Sở Công Thương Phú Thọ"]
    assert body["registration_open"] is True


def test_organizer_creates_edits_and_runs_a_fair(organizer_client, organizer):
    response = organizer_client.post("/api/v1/fairs/", _body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    slug = body["slug"]
    assert body["status"] == "draft"
    assert body["slug"] == "phien-cho-hang-viet-ve-nong-thon-thanh-son"
    assert [p["code"] for p in body["allowed_provinces"]] == [25]
    fair = Fair.objects.get(slug=slug)
    assert list(fair.organizers.all()) == [organizer]
    # drafts: visible to their organizers only
    assert organizer_client.get(f"/api/v1/fairs/{slug}/").status_code == 200
    mine = organizer_client.get("/api/v1/fairs/?mine=true").json()["results"]
    assert [f["slug"] for f in mine] == [slug]

    refused = organizer_client.post(f"/api/v1/fairs/{slug}/open/")
    assert refused.status_code == 409 and "booth_types" in refused.json()["errors"]
    booth = organizer_client.post(
        f"/api/v1/fairs/{slug}/booth-types/",
        {"name": "Gian tiêu chuẩn", "size": "3m × 3m", "price": 4_500_000, "count": 40},
        format="json",
    )
    assert booth.status_code == 201 and booth.json()["available"] == 40
    patched = organizer_client.patch(
        f"/api/v1/fairs/{slug}/", {"visitor_capacity": 1000}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["visitor_capacity"] == 1000

    for action, status in (
        ("open", "open"),
        ("close", "closed"),
        ("start", "running"),
        ("finish", "finished"),
    ):
        response = organizer_client.post(f"/api/v1/fairs/{slug}/{action}/")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == status
    again = organizer_client.post(f"/api/v1/fairs/{slug}/open/")
    assert again.status_code == 409
    assert again.json()["type"] == "urn:giaothuong:problem:illegal_transition"
    actions = list(
        AuditLog.objects.filter(target_id=str(fair.pk), action__startswith="fairs.fair.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "fairs.fair.created",
        "fairs.fair.updated",
        "fairs.fair.open",
        "fairs.fair.closed",
        "fairs.fair.running",
        "fairs.fair.finished",
    ]


def test_bad_fair_input_lists_every_problem_and_writes_nothing(organizer_client):
    now = timezone.now()
    body = _body(
        kind="hybrid",
        venue="",
        ends_at=(now + dt.timedelta(days=24)).isoformat(),
        registration_closes_at=(now + dt.timedelta(days=30)).isoformat(),
    )
    body.pop("province")
    response = organizer_client.post("/api/v1/fairs/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"venue", "province", "online_url"} <= set(errors)
    assert not Fair.objects.exists()
    naive = organizer_client.post("/api/v1/fairs/", _body(min_ocop_stars=2), format="json")
    assert naive.status_code == 400 and "min_ocop_stars" in naive.json()["errors"]


def test_cancel_needs_a_reason(organizer_client, fair):
    response = organizer_client.post(f"/api/v1/fairs/{fair.slug}/cancel/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = organizer_client.post(
        f"/api/v1/fairs/{fair.slug}/cancel/", {"reason": "Mưa bão"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["status_reason"] == "Mưa bão"


def test_moderator_assigns_organizers(moderator_client):
    org = OrganizerFactory(email="trung-tam-xttm@example.vn")
    plain = UserFactory(email="nguoi-mua@example.vn")
    refused = moderator_client.post(
        "/api/v1/fairs/", _body(organizers=[plain.email]), format="json"
    )
    assert refused.status_code == 400 and "organizers" in refused.json()["errors"]
    response = moderator_client.post("/api/v1/fairs/", _body(organizers=[org.email]), format="json")
    assert response.status_code == 201
    fair = Fair.objects.get(slug=response.json()["slug"])
    assert list(FairOrganizer.objects.filter(fair=fair).values_list("user__email", flat=True)) == [
        org.email
    ]


def test_booth_type_count_cannot_go_below_held(organizer_client, fair, standard_booth):
    from tests.factories.fairs import ExhibitorApplicationFactory

    ExhibitorApplicationFactory.create_batch(2, booth_type=standard_booth)
    url = f"/api/v1/fairs/{fair.slug}/booth-types/{standard_booth.pk}/"
    response = organizer_client.patch(url, {"count": 1}, format="json")
    assert response.status_code == 409 and "count" in response.json()["errors"]
    assert organizer_client.patch(url, {"count": 2}, format="json").json()["available"] == 0
    assert organizer_client.delete(url).status_code == 409
    empty = BoothTypeFactory(fair=fair)
    assert (
        organizer_client.delete(f"/api/v1/fairs/{fair.slug}/booth-types/{empty.pk}/").status_code
        == 204
    )


def test_booth_types_are_public_for_a_published_fair(
    api_client, fair, standard_booth, corner_booth
):
    response = api_client.get(f"/api/v1/fairs/{fair.slug}/booth-types/")
    assert response.status_code == 200
    assert [b["name"] for b in response.json()] == ["Gian tiêu chuẩn", "Gian góc"]
