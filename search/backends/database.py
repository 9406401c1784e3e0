"""What the two database backends share: the entry tables, ranking, filters, facets, paging.

A vendor subclass says only how text is matched (`_match_products`, `_match_vendors`: a SQL
condition on the entry table's full-text structure) and how a misspelt word is corrected.
Everything else runs on the live catalogue tables, so visibility, filters and OCOP stars are
those of this instant, whatever the state of the index.
"""

from __future__ import annotations

import abc
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, StrIndex
from django.db.models.lookups import GreaterThan

from catalog.api.filters import ORDERINGS
from catalog.models import Category, Product
from catalog.selectors import certificates_valid_on, product_public_filter
from marketplace.models import Commune, Province, Vendor, VendorKind, VendorStatus
from search import documents
from search.base import (
    PRICE_BANDS,
    PRICE_ON_REQUEST_BAND,
    FacetBucket,
    Hit,
    ProductQuery,
    SearchBackend,
    SearchResults,
    Suggestion,
    VendorQuery,
)
from search.models import ProductEntry, Term, VendorEntry
from search.query import ParsedQuery, folded_words, parse

# Relevance tiers (see search.base): higher first.
TIER_NAME_ALL = 8
TIER_NAME_PHRASE = 4
TIER_EXACT = 2
TIER_BODY_PHRASE = 1
SUGGEST_VENDORS = 3
FACET_LIMIT = 50


def _words(text: str) -> str:
    return " ".join(folded_words(text))


def product_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
    body = " ".join(
        [
            doc["description_folded"],
            doc["vendor_name_folded"],
            " ".join(doc["category_names"]),
            doc["places_folded"],
        ]
    )
    return {
        "name_lower": " ".join(documents.lower_exact(doc["name"]).split()),
        "name_folded": _words(doc["name_folded"]),
        "body_folded": _words(body),
        "fairs": f" {' '.join(doc['fairs'])} " if doc["fairs"] else "",
    }


def vendor_entry_fields(doc: dict[str, Any]) -> dict[str, Any]:
    body = " ".join([doc["legal_name_folded"], doc["description_folded"], doc["places_folded"]])
    return {
        "name_lower": doc["name_lower"],
        "name_folded": _words(doc["name_folded"]),
        "body_folded": _words(body),
    }


def _pad(field: str) -> Concat:
    return Concat(Value(" "), F(field), Value(" "), output_field=TextField())


def _contains(field: str, needle: str) -> GreaterThan:
    return GreaterThan(StrIndex(_pad(field), Value(needle)), 0)


def _tier(parsed: ParsedQuery, prefix: str) -> Any:
    """The relevance tier as one SQL expression over the entry row (`prefix` = its relation)."""
    *whole, last = parsed.terms
    name, name_lower, body = (
        f"{prefix}name_folded",
        f"{prefix}name_lower",
        f"{prefix}body_folded",
    )
    end = "" if parsed.prefix else " "
    all_in_name = Q(*[_contains(name, f" {t} ") for t in whole], _contains(name, f" {last}{end}"))
    phrase = " " + " ".join(parsed.terms) + end
    tier: Any = Case(When(all_in_name, then=Value(TIER_NAME_ALL)), default=Value(0))
    tier = tier + Case(When(_contains(name, phrase), then=Value(TIER_NAME_PHRASE)), default=0)
    if parsed.has_diacritics and parsed.exact:
        exact = Q(*[_contains(name_lower, f" {w} ") for w in parsed.exact])
        tier = tier + Case(When(exact, then=Value(TIER_EXACT)), default=0)
    if len(parsed.terms) > 1:
        tier = tier + Case(When(_contains(body, phrase), then=Value(TIER_BODY_PHRASE)), default=0)
    return tier


def _stars_subquery() -> Subquery:
    best = (
        certificates_valid_on()
        .filter(product=OuterRef("pk"))
        .order_by("-stars")
        .values("stars")[:1]
    )
    return Subquery(best, output_field=IntegerField())


def _price_band_expression() -> Case:
    whens = [When(price_on_request=True, then=Value(PRICE_ON_REQUEST_BAND))]
    for key, low, high in PRICE_BANDS:
        cond = Q(price__gte=low) if high is None else Q(price__gte=low, price__lt=high)
        whens.append(When(cond, then=Value(key)))
    return Case(*whens, default=Value(PRICE_ON_REQUEST_BAND))


def _band_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    labels = {PRICE_ON_REQUEST_BAND: str(_("Price on request"))}
    for key, low, high in PRICE_BANDS:
        labels[key] = (
            f"{low:,} – {high:,} ₫".replace(",", ".") if high else f"≥ {low:,} ₫".replace(",", ".")
        )
    return labels


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- what a vendor backend provides --------------------------------------------------

    @abc.abstractmethod
    def _match_products(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL:
        """SQL selecting product ids whose entry matches every term (last as prefix)."""

    @abc.abstractmethod
    def _match_vendors(self, parsed: ParsedQuery, *, name_only: bool = False) -> RawSQL: ...

    @abc.abstractmethod
    def _correction_candidates(self, term: str) -> list[str]:
        """Indexed words close to `term` (a misspelling), best first."""

    # --- query understanding -------------------------------------------------------------

    def _correct(self, parsed: ParsedQuery) -> tuple[ParsedQuery, str | None]:
        """Replace words nothing contains by the nearest indexed word."""
        from search.query import best_correction

        if parsed.empty:
            return parsed, None
        known = set(Term.objects.filter(term__in=parsed.terms).values_list("term", flat=True))
        last = parsed.terms[-1]
        terms = list(parsed.terms)
        # A complete indexed word is matched whole; anything else may be a word being typed.
        prefix = last not in known
        changed = False
        for i, term in enumerate(parsed.terms):
            if term in known:
                continue
            if i == len(terms) - 1 and Term.objects.filter(term__startswith=last).exists():
                continue  # a word being typed
            fix = best_correction(term, self._correction_candidates(term))
            if fix and fix != term:
                terms[i] = fix
                changed = True
                prefix = prefix and i != len(terms) - 1
        corrected = parsed.with_terms(tuple(terms), prefix=prefix)
        return corrected, corrected.text if changed else None

    # --- products ------------------------------------------------------------------------

    def _filtered_products(self, query: ProductQuery) -> QuerySet[Product]:
        from catalog.selectors import category_with_descendants

        qs = Product.objects.filter(product_public_filter())
        if query.category:
            qs = qs.filter(category__in=category_with_descendants(query.category))
        if query.province is not None:
            qs = qs.filter(origin_province_id=query.province)
        if query.commune is not None:
            qs = qs.filter(origin_commune_id=query.commune)
        if query.vendor:
            qs = qs.filter(vendor__slug=query.vendor)
        if query.vendor_type:
            qs = qs.filter(vendor__kind=query.vendor_type)
        if query.price_min is not None:
            qs = qs.filter(price__gte=query.price_min)
        if query.price_max is not None:
            qs = qs.filter(price__lte=query.price_max)
        if query.price_on_request is not None:
            qs = qs.filter(price_on_request=query.price_on_request)
        if query.fair:
            qs = qs.filter(search_entry__fairs__contains=f" {query.fair} ")
        qs = qs.annotate(ocop_stars=_stars_subquery())
        if query.ocop_stars_min is not None:
            qs = qs.filter(ocop_stars__gte=query.ocop_stars_min)
        return qs

    def search_products(self, query: ProductQuery) -> SearchResults:
        parsed, did_you_mean = self._correct(parse(query.q))
        qs = self._filtered_products(query)
        if not parsed.empty:
            qs = qs.filter(id__in=self._match_products(parsed)).annotate(
                tier=_tier(parsed, "search_entry__"),
                name_length=Length("search_entry__name_folded"),
            )
        ordering = query.ordering
        if ordering == "relevance" and not parsed.empty:
            order: list[Any] = [
                F("tier").desc(),
                F("ocop_stars").desc(nulls_last=True),
                "name_length",
                F("published_at").desc(nulls_last=True),
                "-id",
            ]
        else:
            order = list(ORDERINGS["newest" if ordering == "relevance" else ordering])
        total = qs.count()
        fields = ["id", "name", "description", "ocop_stars"]
        if not parsed.empty:
            fields += ["tier", "name_length"]
        rows = list(
            qs.order_by(*order).values(*fields)[query.offset : query.offset + query.page_size]
        )
        hits = [self._product_hit(r, parsed) for r in rows]
        facets = self._product_facets(qs) if query.with_facets else {}
        return SearchResults(hits=hits, total=total, facets=facets, did_you_mean=did_you_mean)

    @staticmethod
    def _product_hit(row: dict[str, Any], parsed: ParsedQuery) -> Hit:
        from search.query import highlight

        score = 0.0
        marks: dict[str, str] = {}
        if not parsed.empty:
            score = row["tier"] * 100 + (row["ocop_stars"] or 0) * 10 + 1 / (1 + row["name_length"])
            for field, snippet in (("name", None), ("description", 160)):
                marked = highlight(row[field], parsed, snippet=snippet)
                if marked:
                    marks[field] = marked
        return Hit(id=row["id"], score=round(score, 4), highlight=marks)

    def _product_facets(self, qs: QuerySet[Product]) -> dict[str, list[FacetBucket]]:
        base = qs.order_by()
        facets: dict[str, list[FacetBucket]] = {}
        facets["category"] = self._category_tree(
            dict(
                base.values_list("category_id")
                .annotate(n=Count("id"))
                .values_list("category_id", "n")
            )
        )
        provinces = list(
            base.values_list("origin_province_id")
            .annotate(n=Count("id"))
            .values_list("origin_province_id", "n")
        )
        names = dict(
            Province.objects.filter(code__in=[p for p, _ in provinces]).values_list("code", "name")
        )
        facets["province"] = _buckets((str(p), names.get(p, str(p)), n) for p, n in provinces)
        communes = sorted(
            base.values_list("origin_commune_id")
            .annotate(n=Count("id"))
            .values_list("origin_commune_id", "n"),
            key=lambda r: (-r[1], r[0]),
        )[:FACET_LIMIT]
        cnames = dict(
            Commune.objects.filter(code__in=[c for c, _ in communes]).values_list("code", "name")
        )
        facets["commune"] = _buckets((str(c), cnames.get(c, str(c)), n) for c, n in communes)
        stars = (
            base.values_list("ocop_stars")  # type: ignore[misc]  # an annotation
            .annotate(n=Count("id"))
            .values_list("ocop_stars", "n")
        )
        facets["ocop_stars"] = sorted(
            (FacetBucket(key=str(s), label=f"{s}★", count=n) for s, n in stars if s),
            key=lambda b: -int(b.key),
        )
        kinds = dict(VendorKind.choices)
        facets["vendor_type"] = _buckets(
            (k, str(kinds.get(k, k)), n)
            for k, n in base.values_list("vendor__kind")
            .annotate(n=Count("id"))
            .values_list("vendor__kind", "n")
        )
        bands = dict(
            base.annotate(band=_price_band_expression())
            .values_list("band")
            .annotate(n=Count("id"))
            .values_list("band", "n")
        )
        labels = _band_labels()
        order = [k for k, _, _ in PRICE_BANDS] + [PRICE_ON_REQUEST_BAND]
        facets["price"] = [
            FacetBucket(key=k, label=labels[k], count=bands[k]) for k in order if bands.get(k)
        ]
        fair_counts: dict[str, int] = defaultdict(int)
        for fairs in base.exclude(search_entry__fairs="").values_list(
            "search_entry__fairs", flat=True
        ):
            for slug in (fairs or "").split():
                fair_counts[slug] += 1
        facets["fair"] = _buckets((s, s, n) for s, n in fair_counts.items())
        return facets

    @staticmethod
    def _category_tree(own: dict[int, int]) -> list[FacetBucket]:
        """Counts rolled up the tree; only branches with hits, children under parents."""
        if not own:
            return []
        cats = list(Category.objects.values_list("id", "slug", "name", "path", "parent_id"))
        by_id = {c[0]: c for c in cats}
        by_path = {c[3]: c[0] for c in cats}
        totals: dict[int, int] = defaultdict(int)
        for cid, n in own.items():
            if cid not in by_id:
                continue
            parts = by_id[cid][3].strip("/").split("/")
            for i in range(1, len(parts) + 1):
                anc = by_path.get("/".join(parts[:i]) + "/")
                if anc is not None:
                    totals[anc] += n
        children: dict[int | None, list[int]] = defaultdict(list)
        for cid in totals:
            children[by_id[cid][4]].append(cid)

        def build(parent: int | None) -> list[FacetBucket]:
            ids = sorted(children.get(parent, []), key=lambda c: (-totals[c], by_id[c][2]))
            return [
                FacetBucket(
                    key=by_id[c][1],
                    label=by_id[c][2],
                    count=totals[c],
                    children=tuple(build(c)),
                )
                for c in ids
            ]

        return build(None)

    # --- storefronts ---------------------------------------------------------------------

    def search_vendors(self, query: VendorQuery) -> SearchResults:
        from search.query import highlight

        parsed, did_you_mean = self._correct(parse(query.q))
        qs = Vendor.objects.filter(status=VendorStatus.APPROVED)
        if query.province is not None:
            qs = qs.filter(province_id=query.province)
        if query.commune is not None:
            qs = qs.filter(commune_id=query.commune)
        if query.vendor_type:
            qs = qs.filter(kind=query.vendor_type)
        fields = ["id", "display_name"]
        if not parsed.empty:
            qs = qs.filter(id__in=self._match_vendors(parsed)).annotate(
                tier=_tier(parsed, "search_entry__"),
                name_length=Length("search_entry__name_folded"),
            )
            fields += ["tier", "name_length"]
        if query.ordering == "name":
            order: list[Any] = ["display_name", "id"]
        elif query.ordering == "newest" or parsed.empty:
            order = [F("approved_at").desc(nulls_last=True), "-id"]
        else:
            order = [F("tier").desc(), "name_length", "display_name", "id"]
        total = qs.count()
        rows = list(
            qs.order_by(*order).values(*fields)[query.offset : query.offset + query.page_size]
        )
        hits = []
        for r in rows:
            marks = {}
            score = 0.0
            if not parsed.empty:
                score = r["tier"] * 100 + 1 / (1 + r["name_length"])
                marked = highlight(r["display_name"], parsed)
                if marked:
                    marks["name"] = marked
            hits.append(Hit(id=r["id"], score=round(score, 4), highlight=marks))
        facets: dict[str, list[FacetBucket]] = {}
        if query.with_facets:
            base = qs.order_by()
            provinces = list(
                base.values_list("province_id", "province__name").annotate(n=Count("id"))
            )
            facets["province"] = _buckets((str(p), name, n) for p, name, n in provinces)
            kinds = dict(VendorKind.choices)
            facets["vendor_type"] = _buckets(
                (k, str(kinds.get(k, k)), n)
                for k, n in base.values_list("kind")
                .annotate(n=Count("id"))
                .values_list("kind", "n")
            )
        return SearchResults(hits=hits, total=total, facets=facets, did_you_mean=did_you_mean)

    # --- suggestions ---------------------------------------------------------------------

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        parsed = parse(prefix)  # as typed: the last word is always a prefix here
        if parsed.empty or limit <= 0:
            return []
        starts = " " + " ".join(parsed.terms)
        products = list(
            Product.objects.filter(product_public_filter())
            .filter(id__in=self._match_products(parsed, name_only=True))
            .annotate(
                starts=Case(
                    When(
                        GreaterThan(StrIndex(_pad("search_entry__name_folded"), Value(starts)), 0),
                        then=Value(1),
                    ),
                    default=Value(0),
                ),
                head=StrIndex(_pad("search_entry__name_folded"), Value(starts)),
                ocop_stars=_stars_subquery(),
                name_length=Length("search_entry__name_folded"),
            )
            .order_by(
                F("starts").desc(),
                "head",
                F("ocop_stars").desc(nulls_last=True),
                "name_length",
                "id",
            )
            .values_list("id", "slug", "name")[:limit]
        )
        vendors = list(
            Vendor.objects.filter(status=VendorStatus.APPROVED)
            .filter(id__in=self._match_vendors(parsed, name_only=True))
            .annotate(
                starts=Case(
                    When(
                        GreaterThan(StrIndex(_pad("search_entry__name_folded"), Value(starts)), 0),
                        then=Value(1),
                    ),
                    default=Value(0),
                ),
                head=StrIndex(_pad("search_entry__name_folded"), Value(starts)),
                name_length=Length("search_entry__name_folded"),
            )
            .order_by(F("starts").desc(), "head", "name_length", "id")
            .values_list("id", "slug", "display_name")[:limit]
        )
        # Storefronts keep a few places when there are enough products to fill the list.
        n_vendors = min(len(vendors), max(SUGGEST_VENDORS, limit - len(products)))
        n_products = min(len(products), limit - n_vendors)
        return [
            Suggestion(kind="product", id=i, slug=s, label=n) for i, s, n in products[:n_products]
        ] + [Suggestion(kind="vendor", id=i, slug=s, label=n) for i, s, n in vendors[:n_vendors]]

    # --- indexing ------------------------------------------------------------------------

    @staticmethod
    def _add_terms(texts: Iterable[str]) -> None:
        words = {w for text in texts for w in text.split() if len(w) <= 64}
        if words:
            Term.objects.bulk_create(
                [Term(term=w) for w in sorted(words)], ignore_conflicts=True, batch_size=2000
            )

    def index_products(self, ids: Iterable[int]) -> int:
        id_list = sorted({int(i) for i in ids})
        docs = documents.product_documents(id_list)
        visible = [d for d in docs if d["visible"]]
        entries = [ProductEntry(product_id=d["id"], **product_entry_fields(d)) for d in visible]
        gone = set(id_list) - {d["id"] for d in visible}
        with transaction.atomic():
            if gone:
                ProductEntry.objects.filter(product_id__in=gone).delete()
            if entries:
                ProductEntry.objects.bulk_create(
                    entries,
                    update_conflicts=True,
                    unique_fields=["product"],
                    update_fields=[
                        "name_lower",
                        "name_folded",
                        "body_folded",
                        "fairs",
                        "indexed_at",
                    ],
                    batch_size=500,
                )
                self._add_terms(e.name_folded + " " + e.body_folded for e in entries)
        return len(entries)

    def delete_products(self, ids: Iterable[int]) -> None:
        ProductEntry.objects.filter(product_id__in=list(ids)).delete()

    def index_vendors(self, ids: Iterable[int]) -> int:
        id_list = sorted({int(i) for i in ids})
        docs = documents.vendor_documents(id_list)
        visible = [d for d in docs if d["visible"]]
        entries = [VendorEntry(vendor_id=d["id"], **vendor_entry_fields(d)) for d in visible]
        gone = set(id_list) - {d["id"] for d in visible}
        with transaction.atomic():
            if gone:
                VendorEntry.objects.filter(vendor_id__in=gone).delete()
            if entries:
                VendorEntry.objects.bulk_create(
                    entries,
                    update_conflicts=True,
                    unique_fields=["vendor"],
                    update_fields=["name_lower", "name_folded", "body_folded", "indexed_at"],
                    batch_size=500,
                )
                self._add_terms(e.name_folded + " " + e.body_folded for e in entries)
        return len(entries)

    def delete_vendors(self, ids: Iterable[int]) -> None:
        VendorEntry.objects.filter(vendor_id__in=list(ids)).delete()

    def rebuild(self, *, chunk_size: int = documents.DEFAULT_CHUNK) -> int:
        ProductEntry.objects.all().delete()
        VendorEntry.objects.all().delete()
        for ids in documents.iter_vendor_id_chunks(chunk_size):
            self.index_vendors(ids)
        done = 0
        for ids in documents.iter_product_id_chunks(chunk_size):
            done += self.index_products(ids)
        return done

    def ping(self) -> bool:
        try:
            ProductEntry.objects.exists()
        except Exception:
            return False
        return True


def _buckets(rows: Iterable[tuple[str, str, int]]) -> list[FacetBucket]:
    return [
        FacetBucket(key=k, label=label, count=n)
        for k, label, n in sorted(rows, key=lambda r: (-r[2], r[1]))
        if n
    ]
