"""Trade leads in the search contract, on every backend (D167): the same Vietnamese cases
for SQLite, PostgreSQL and Elasticsearch. Mixed into each backend's conformance class, which
provides the `search_backend` fixture (tests/search/test_*_conformance.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from leads.search import lead_documents
from leads.services.leads import lead_approve, lead_close, lead_create
from marketplace.models import Province
from search.base import SearchBackend
from search.leads import LeadQuery
from tests.factories import ModeratorFactory, UserFactory, category, unit

PHU_THO = 25


def _lead(poster: Any, title: str, slug: str, province: Any, **extra: Any) -> Any:
    return lead_create(
        actor=poster,
        kind="buy",
        title=title,
        category=category(slug),
        quantity=100,
        unit=unit("kg"),
        province=province,
        contact_name="Lê Văn Mua",
        negotiable=True,
        **extra,
    )


class LeadConformance:
    def sync_leads(self, backend: SearchBackend, ids: list[int]) -> None:
        """What leads.search.leads_search_sync does after a commit, then make it searchable."""
        documents = lead_documents(ids)
        backend.index_leads(documents)
        backend.delete_leads([i for i in ids if i not in {d["id"] for d in documents}])
        refresh = getattr(backend, "refresh", None)
        if refresh is not None:
            refresh()

    @pytest.fixture
    def leads(self, search_backend: SearchBackend) -> dict[str, Any]:
        poster, moderator = UserFactory(), ModeratorFactory()
        phu_tho = Province.objects.get(code=PHU_THO)
        other = Province.objects.exclude(code=PHU_THO).order_by("code").first()
        today = timezone.localdate()
        made = {
            "mi": _lead(poster, "Cần mua mì gạo Hùng Lô loại 1", "gao-ngu-coc", phu_tho),
            "che": _lead(poster, "Thu mua chè búp Thanh Ba", "che-tuoi-che-bien", phu_tho),
            "buoi": _lead(
                poster,
                "Tìm nguồn bưởi Đoan Hùng (số lượng lớn)",
                "rau-cu-qua-so-che",
                other,
                expires_on=today + dt.timedelta(days=60),
            ),
        }
        for lead in made.values():
            lead_approve(lead=lead, actor=moderator)
        made["pending"] = _lead(poster, "Cần mua mật ong rừng", "gao-ngu-coc", phu_tho)
        made["other_province"] = other
        self.sync_leads(
            search_backend, [lead.pk for k, lead in made.items() if k != "other_province"]
        )
        return made

    def ids(self, backend: SearchBackend, q: str, **filters: Any) -> list[int]:
        return backend.search_leads(LeadQuery(q=q, **filters)).ids

    def test_leads_match_with_or_without_diacritics(self, search_backend, leads):
        for q in ("mi gao", "Mì Gạo", "MI GAO HUNG", "mì gao hùng lô"):
            assert self.ids(search_backend, q) == [leads["mi"].pk], q

    def test_leads_match_words_from_their_start_newest_first(self, search_backend, leads):
        assert self.ids(search_backend, "thanh ba") == [leads["che"].pk]
        assert self.ids(search_backend, "bup thanh") == [leads["che"].pk]
        assert self.ids(search_backend, "hun") == [leads["buoi"].pk, leads["mi"].pk]
        assert self.ids(search_backend, "ung") == []  # inside a word: no match
        assert self.ids(search_backend, "lớn)") == [leads["buoi"].pk]  # punctuation is no word
        assert self.ids(search_backend, "mi cafe") == []  # every word must match

    def test_leads_filters(self, search_backend, leads):
        other = leads["other_province"].code
        assert self.ids(search_backend, "hung", province=other) == [leads["buoi"].pk]
        gao = category("gao-ngu-coc").path
        assert self.ids(search_backend, "hung", category_path=gao) == [leads["mi"].pk]
        assert self.ids(search_backend, "hung", kind="sell") == []
        assert self.ids(search_backend, "hung", kind="buy") == [leads["buoi"].pk, leads["mi"].pk]

    def test_only_public_leads_match_expiry_decided_at_query_time(self, search_backend, leads):
        assert self.ids(search_backend, "mat ong") == []  # pending
        expiry = leads["mi"].expires_on
        assert self.ids(search_backend, "hung", today=expiry) == [leads["buoi"].pk]
        lead_close(lead=leads["che"], actor=leads["che"].poster)
        self.sync_leads(search_backend, [leads["che"].pk])
        assert self.ids(search_backend, "thanh ba") == []
        assert search_backend.search_leads(LeadQuery(q="  ")).total == 0
