"""The change feed never hands out a cursor past a change that commits later (PostgreSQL).

Transaction A records a change first (smaller id) and commits last; transaction B records and
commits in between. A partner reading between the two commits must not see B yet: had it got
B's cursor, A's change would land behind it and never reach the partner (D66).
"""

from __future__ import annotations

import threading
import time

from django.db import connections, transaction

from partners.models import Change
from partners.services.changes import changes_record
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

FEED = "/api/v1/feed/changes/"


def test_a_late_commit_is_not_skipped(postgres):
    api = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    a_wrote, a_may_commit = threading.Event(), threading.Event()

    def transaction_a() -> None:
        try:
            with transaction.atomic():
                changes_record(kind="product", object_ids=[101], event="product.updated")
                a_wrote.set()
                assert a_may_commit.wait(30)
        finally:
            connections.close_all()

    def transaction_b() -> None:
        try:
            with transaction.atomic():
                changes_record(kind="product", object_ids=[202], event="product.updated")
        finally:
            connections.close_all()

    a = threading.Thread(target=transaction_a)
    a.start()
    assert a_wrote.wait(30)
    b = threading.Thread(target=transaction_b)
    b.start()
    b.join(30)
    try:
        # B committed with the larger id while A, holding the smaller one, is still open.
        assert list(Change.objects.values_list("object_id", flat=True)) == [202]
        first = api.get(FEED).json()
        assert first["results"] == []  # B waits behind A, still running
    finally:
        a_may_commit.set()
        a.join(30)
    # Other open transactions on the server (other test processes) can hold the feed back a
    # little longer: read again until they have ended, as a partner would.
    deadline = time.monotonic() + 60
    while True:
        second = api.get(FEED).json()
        if second["results"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert [e["id"] for e in second["results"]] == [101, 202]
