"""Search tables: the outbox of index updates, and the database backends' own index.

`IndexQueue` is written in the same transaction as the change it announces (search.services), so
an update is never lost: the indexing task removes a row only once the backend has taken it.

`ProductEntry` / `VendorEntry` hold the folded text the database backends match on (one row per
visible product or storefront). The full-text structures on top of them are vendor-specific and
created by the migrations: an FTS5 table kept in step by triggers on SQLite; a generated,
weighted tsvector column with a GIN index, and pg_trgm, on PostgreSQL. Filters, visibility and
OCOP stars are never copied here: queries read them from the live catalogue tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    VENDOR = "vendor", _("Storefront")


class IndexQueue(models.Model):
    kind = models.CharField(max_length=10, choices=IndexKind.choices)
    object_id = models.BigIntegerField()
    queued_at = models.DateTimeField()
    # Failed tries of this row alone (the backend was up but refused it); reset when re-queued.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("search index update")
        verbose_name_plural = _("search index updates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_queue_unique"),
        ]
        indexes = [models.Index(fields=["attempts", "queued_at"], name="search_queue_order")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ProductEntry(models.Model):
    product = models.OneToOneField(
        "catalog.Product",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    name_lower = models.TextField()  # lower case, diacritics kept: exact-spelling tier
    name_folded = models.TextField()
    body_folded = models.TextField()  # description, storefront, category, places
    fairs = models.TextField(default="", blank=True)  # " slug1 slug2 " (space-delimited)
    # Copies of the filter and facet columns, so a search reads one table. They are trusted
    # only for products with no pending update in IndexQueue: the queued ones are read from
    # the live catalogue instead (search.backends.database).
    name = models.CharField(max_length=255, default="")
    vendor_id = models.BigIntegerField(null=True)
    vendor_kind = models.CharField(max_length=20, default="")
    category_id = models.BigIntegerField(null=True)
    province_id = models.IntegerField(null=True)
    commune_id = models.IntegerField(null=True)
    price = models.BigIntegerField(null=True)
    price_on_request = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True)
    # Last day-after-validity of the certificates held per star level: stars valid on any day
    # are read from these dates, so an expiry needs no reindex.
    stars3_until = models.DateField(null=True)
    stars4_until = models.DateField(null=True)
    stars5_until = models.DateField(null=True)
    # The average of the product's published reviews (None: no review), D138.
    rating = models.FloatField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["published_at"], name="search_entry_published")]
        verbose_name = _("product search entry")
        verbose_name_plural = _("product search entries")

    def __str__(self) -> str:
        return self.name_folded


class VendorEntry(models.Model):
    vendor = models.OneToOneField(
        "marketplace.Vendor",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    name_lower = models.TextField()
    name_folded = models.TextField()
    body_folded = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("storefront search entry")
        verbose_name_plural = _("storefront search entries")

    def __str__(self) -> str:
        return self.name_folded


class Term(models.Model):
    """Every folded word ever indexed: the vocabulary typo correction picks from."""

    term = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term
