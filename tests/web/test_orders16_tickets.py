"""A person's fair tickets as a page (issue 16, orders16): their registrations with the fair,
the status and the place on the waiting list, linking to the full-screen ticket; cancelling one
through the fairs service (the place goes to the first one waiting)."""

from __future__ import annotations

import pytest

from fairs.models import RegistrationStatus, VisitorRegistration
from fairs.services.visitors import registration_create
from tests.factories import UserFactory
from tests.factories.fairs import FairFactory

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


def _register(fair, user, **kw):
    return registration_create(fair=fair, actor=user, attendee_name=user.full_name, **kw)


@pytest.fixture
def fair(db):
    return FairFactory(name="Hội chợ OCOP Đất Tổ", slug="hoi-cho-ocop-dat-to", visitor_capacity=1)


def test_my_tickets_with_the_waiting_list_position_and_the_ticket_link(client, buyer, fair):
    other = FairFactory(name="Hội chợ Trà Phú Thọ", slug="hoi-cho-tra", visitor_capacity=1)
    _register(other, UserFactory())
    _register(fair, buyer)
    _register(other, buyer, waitlist=True)
    client.force_login(buyer)

    response = client.get("/tai-khoan/ve/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert 'href="/hoi-cho/hoi-cho-ocop-dat-to/ve/"' in html
    assert "Hội chợ Trà Phú Thọ" in html and "Số 1 trong hàng chờ" in html


def test_cancel_gives_the_place_to_the_first_one_waiting(client, buyer, fair):
    mine = _register(fair, buyer)
    waiting = _register(fair, UserFactory(), waitlist=True)
    client.force_login(buyer)

    response = client.post(f"/tai-khoan/ve/{mine.pk}/huy/", {"cancel-reason": "Bận việc"})

    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ve/"
    assert VisitorRegistration.objects.get(pk=mine.pk).status == RegistrationStatus.CANCELLED
    assert VisitorRegistration.objects.get(pk=waiting.pk).status == RegistrationStatus.ACTIVE
    again = client.post(f"/tai-khoan/ve/{mine.pk}/huy/", {})
    assert again.status_code == 409 and 'role="alert"' in again.content.decode()


def test_another_persons_ticket_cannot_be_cancelled(client, buyer, fair):
    theirs = _register(fair, UserFactory())
    client.force_login(buyer)

    assert client.post(f"/tai-khoan/ve/{theirs.pk}/huy/", {}).status_code == 404
    assert VisitorRegistration.objects.get(pk=theirs.pk).status == RegistrationStatus.ACTIVE


def test_the_tickets_page_keeps_its_queries_bounded(client, buyer, django_assert_max_num_queries):
    for n in range(4):
        _register(FairFactory(slug=f"hoi-cho-{n}"), buyer)
    client.force_login(buyer)

    with django_assert_max_num_queries(10):
        assert client.get("/tai-khoan/ve/", **HTML).status_code == 200
