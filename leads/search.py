"""Leads in the search contract (search/leads.py, D167): their documents, the database
backends' search over the leads table, and pushing changes to the configured backend."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from leads.models import Lead
from leads.selectors import lead_public_filter
from search import backend as search_backend
from search.leads import LeadDocument, LeadHits, LeadQuery, lead_text

log = logging.getLogger(__name__)

SYNC_RECENT = dt.timedelta(days=2)  # how far back a full sync forgets non-public leads


def lead_search_text(lead: Lead) -> str:
    """What `q` matches: title, description, category and places, folded (D149, D167)."""
    places = [lead.province.name, lead.commune.name if lead.commune else ""]
    return lead_text(lead.title, lead.description, lead.category.name, *places)


def lead_documents(ids: Iterable[int]) -> list[LeadDocument]:
    """The documents of those of `ids` that are public now."""
    rows = (
        Lead.objects.filter(lead_public_filter(), pk__in=list(ids))
        .select_related("category")
        .order_by("pk")
    )
    return [
        LeadDocument(
            id=lead.pk,
            kind=lead.kind,
            text=lead.search_folded,
            category_path=lead.category.path,
            province_code=lead.province_id,
            expires_on=lead.expires_on.isoformat(),
            published_at=lead.published_at.isoformat() if lead.published_at else None,
        )
        for lead in rows
    ]


def lead_search_database(query: LeadQuery) -> LeadHits:
    """The database backends' answer: the leads table is the index (SQLite and PostgreSQL
    alike: `LIKE '% word%'` on the folded text)."""
    words = query.words
    if not words:
        return LeadHits(ids=[], total=0)
    qs = Lead.objects.filter(lead_public_filter(query.today))
    for word in words:
        qs = qs.filter(search_folded__contains=f" {word}")
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.category_path:
        qs = qs.filter(category__path__startswith=query.category_path)
    if query.province is not None:
        qs = qs.filter(province_id=query.province)
    ids = list(qs.order_by("-published_at", "-pk").values_list("pk", flat=True)[: query.limit])
    total = len(ids) if len(ids) < query.limit else qs.count()
    return LeadHits(ids=ids, total=total)


def leads_search_sync(ids: Iterable[int]) -> None:
    """Write the public ones of these leads to the search backend and forget the others.
    Never fails the caller: what a failed write missed, the next full sync writes."""
    ids = sorted(set(ids))
    try:
        backend = search_backend()
        documents = lead_documents(ids)
        backend.index_leads(documents)
        public = {doc["id"] for doc in documents}
        backend.delete_leads([i for i in ids if i not in public])
    except Exception:
        log.warning("could not write leads %s to the search index", ids, exc_info=True)


def leads_search_sync_after_commit(lead_ids: Iterable[int]) -> None:
    ids = list(lead_ids)
    transaction.on_commit(lambda: leads_search_sync(ids), robust=True)


def leads_search_sync_all() -> int:
    """Every public lead written again, and the leads that left the public recently
    forgotten (beat, every 15 minutes). Returns how many were written."""
    backend = search_backend()
    public = list(
        Lead.objects.filter(lead_public_filter()).order_by("pk").values_list("pk", flat=True)
    )
    written = 0
    for start in range(0, len(public), 500):
        written += backend.index_leads(lead_documents(public[start : start + 500]))
    gone = (
        Lead.objects.exclude(pk__in=public)
        .filter(updated_at__gte=timezone.now() - SYNC_RECENT)
        .values_list("pk", flat=True)
    )
    backend.delete_leads(list(gone))
    return written
