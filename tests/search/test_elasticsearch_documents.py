"""The Elasticsearch sources built from search documents (no cluster needed)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from search.backends.database.entries import product_entry_fields
from search.backends.elasticsearch import indices
from search.backends.elasticsearch.documents import (
    entry_text,
    fingerprint,
    ocop_differs,
    product_source,
    stars_from,
    valid_stars,
)
from search.documents import product_documents
from tests.search.conformance import build_catalogue


@pytest.mark.django_db
def test_entry_text_is_what_the_database_backends_index(moderator):
    from catalog.services.products import product_update

    cat = build_catalogue()
    odd = cat.p["bun-ga-kho"]
    product_update(
        product=odd,
        actor=moderator,
        name="  Bún  gà–khô ½ kg (ĐẶC BIỆT)  ",
        description="Sợi bún\ttươi, ﬁne; İstanbul — 100% gạo Điện Biên",
    )
    docs = product_documents([p.pk for p in cat.p.values()])
    assert len(docs) == len(cat.p)
    for doc in docs:
        expected = product_entry_fields(doc)
        assert entry_text(doc) == {k: expected[k] for k in entry_text(doc)}, doc["slug"]


def test_stars_are_kept_per_level_with_their_last_valid_day():
    until = {"3": "2027-01-01", "4": "2026-12-01"}
    assert stars_from(until) == {
        "ocop_from_3": "2027-01-01",  # 3 stars or more: the later of the two
        "ocop_from_4": "2026-12-01",
        "ocop_from_5": None,
    }
    assert valid_stars(until, dt.date(2026, 12, 1)) == {"3": "2027-01-01"}  # expiry day excluded
    doc = {"ocop_valid_until": {"3": "2027-01-01"}}
    assert not ocop_differs(doc, json.dumps(until), dt.date(2026, 12, 1))
    assert ocop_differs(doc, json.dumps({}), dt.date(2026, 12, 1))


@pytest.mark.django_db
def test_fingerprint_ignores_stars_but_not_content():
    cat = build_catalogue()
    (doc,) = product_documents([cat.p["mat-ong-hoa-vai"].pk])
    same = {**doc, "ocop_stars": None, "ocop_valid_until": {}}
    assert fingerprint(same) == fingerprint(doc)
    assert fingerprint({**doc, "name": "Mật ong khác"}) != fingerprint(doc)
    source = product_source(doc)
    assert source["ocop_from_4"] == doc["ocop_valid_until"]["4"]
    assert source["name_folded"] == "mat ong hoa vai"


def test_the_mapping_needs_nothing_beyond_the_core():
    body = indices.index_body(indices.PRODUCTS)
    assert "analysis" not in body["settings"]
    analyzers = {
        spec.get("analyzer")
        for spec in body["mappings"]["properties"].values()
        if spec.get("type") == "text"
    }
    assert analyzers == {"standard"}
    assert body["mappings"]["dynamic"] == "strict"
    assert body["mappings"]["_meta"]["mapping_version"] == indices.MAPPING_VERSION
    loading = indices.index_body(indices.PRODUCTS, loading=True)["settings"]
    assert loading["refresh_interval"] == "-1" and loading["number_of_replicas"] == 0


def test_icu_only_adds_a_sub_field_when_the_cluster_has_it():
    body = indices.index_body(indices.PRODUCTS, icu=True)
    assert body["settings"]["analysis"]["analyzer"]["vi_icu"]["tokenizer"] == "icu_tokenizer"
    name_lower = body["mappings"]["properties"]["name_lower"]
    assert name_lower["analyzer"] == "standard"
    assert name_lower["fields"]["icu"]["analyzer"] == "vi_icu"
