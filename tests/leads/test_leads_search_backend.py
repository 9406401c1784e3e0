"""The lead search goes through the configured search backend (D167): its hits are filtered
and paged on the live rows, and an outage answers 503 in the one error shape."""

from __future__ import annotations

import pytest

from leads.api import views
from leads.models import Lead
from search.base import SearchUnavailable
from search.leads import LeadHits
from tests.leads.test_leads import URL, post

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/leads/"


class _Down:
    def search_leads(self, query):
        raise SearchUnavailable("down")


class _Stale:
    """An index that still holds a lead that is no longer public."""

    def __init__(self, ids):
        self.ids = ids

    def search_leads(self, query):
        return LeadHits(ids=self.ids, total=len(self.ids))


def test_outage_answers_503(api_client, monkeypatch):
    monkeypatch.setattr(views, "search_backend", lambda: _Down())
    response = api_client.get(SEARCH, {"q": "gạo"})
    assert response.status_code == 503
    assert response.json()["type"] == "urn:giaothuong:problem:search_unavailable"


def test_hits_are_rendered_from_live_public_rows(
    api_client, buyer_client, moderator_client, monkeypatch
):
    first = post(buyer_client).json()
    moderator_client.post(f"{URL}{first['slug']}/approve/", {}, format="json")
    second = post(buyer_client, title="Cần mua gạo nếp").json()  # pending: not public
    ids = [Lead.objects.get(slug=first["slug"]).pk, Lead.objects.get(slug=second["slug"]).pk]
    monkeypatch.setattr(views, "search_backend", lambda: _Stale(ids))
    body = api_client.get(SEARCH, {"q": "gạo"}).json()
    assert [lead["slug"] for lead in body["results"]] == [first["slug"]]
