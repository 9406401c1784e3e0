"""Bulk listings import, the run: each row of a queued job becomes a product created, updated
or left alone (upsert by storefront and external id), in its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.imports import STATUS_DRAFT, STATUS_SUBMIT
from catalog.models import Category, ImportJob, ImportStatus, Product, ProductStatus, Unit
from catalog.services.products import product_create, product_submit, product_update
from core.audit import audit_record
from core.clients import Partner, partner_audit_data
from core.errors import DomainError, NotAllowed
from core.validators import validate_visible_name
from marketplace.models import Commune, User, Vendor
from marketplace.permissions import is_member, require_listing_writer

IMPORT_PROGRESS_EVERY = 25


class _ImportLookups:
    """Reference rows of a whole file, read once: categories, units, the communes it names."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.units = {u.code: u for u in Unit.objects.all()}
        codes = {
            int(r["origin_commune"]) for r in rows if str(r.get("origin_commune", "")).isdigit()
        }
        self.communes = Commune.objects.in_bulk(codes)


def _import_row_fields(
    row: dict[str, Any], lookups: _ImportLookups
) -> tuple[dict[str, Any], str, dict[str, list[str]]]:
    """(product fields, status intent, errors) of one row; only the columns present count."""
    fields: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    name = row.get("name", "")
    if not name:
        errors["name"] = [_("The name is required.")]
    elif len(name) > 255:
        errors["name"] = [_("At most 255 characters.")]
    else:
        try:
            validate_visible_name(name)
            fields["name"] = name
        except DjangoValidationError as exc:
            errors["name"] = list(exc.messages)
    category = lookups.categories.get(row.get("category", ""))
    if category is None:
        errors["category"] = [
            _("Unknown category “%(value)s”.") % {"value": row.get("category", "")}
        ]
    else:
        fields["category"] = category
    unit = lookups.units.get(row.get("unit", ""))
    if unit is None:
        errors["unit"] = [_("Unknown unit “%(value)s”.") % {"value": row.get("unit", "")}]
    else:
        fields["unit"] = unit
    price = row.get("price", "")
    if price == "":
        fields.update(price=None, price_on_request=True)
    else:
        try:
            amount = int(price)
        except ValueError:
            errors["price"] = [_("The price is a whole number of đồng, or empty when on request.")]
        else:
            if amount < 0:
                errors["price"] = [_("The price cannot be negative.")]
            elif amount > 10**13:
                errors["price"] = [_("The price is too large.")]
            else:
                fields.update(price=amount, price_on_request=False)
    if "description" in row:
        if len(row["description"]) > 20000:
            errors["description"] = [_("At most 20,000 characters.")]
        fields["description"] = row["description"]
    commune_code, province_code = row.get("origin_commune", ""), row.get("origin_province", "")
    if commune_code:
        commune = lookups.communes.get(int(commune_code)) if commune_code.isdigit() else None
        if commune is None:
            errors["origin_commune"] = [
                _("Unknown commune code “%(value)s”.") % {"value": commune_code}
            ]
        elif province_code and province_code != str(commune.province_id):
            errors["origin_province"] = [
                _("The commune %(commune)s is not in the province %(province)s.")
                % {"commune": commune_code, "province": province_code}
            ]
        else:
            fields["origin_commune"] = commune
    elif province_code:
        errors["origin_commune"] = [_("Give the commune code; the province follows from it.")]
    if "gtin" in row:
        fields["gtin"] = row["gtin"]
    intent = (row.get("status") or STATUS_DRAFT).lower()
    if intent not in (STATUS_DRAFT, STATUS_SUBMIT):
        errors["status"] = [_("Use “draft” or “submit”.")]
    return fields, intent, errors


def _import_changes(product: Product, fields: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for key, value in fields.items():
        current = getattr(product, f"{key}_id") if isinstance(value, models.Model) else None
        if isinstance(value, models.Model):
            if current != value.pk:
                changed[key] = value
        elif getattr(product, key) != value:
            changed[key] = value
    if "price" in changed or "price_on_request" in changed:
        changed.update(price=fields["price"], price_on_request=fields["price_on_request"])
    return changed


def _import_row(
    row: dict[str, Any],
    *,
    vendor: Vendor,
    actor: User,
    partner: Partner | None,
    lookups: _ImportLookups,
    seen: dict[str, int],
) -> dict[str, Any]:
    external_id = str(row.get("external_id", "")).strip()
    entry: dict[str, Any] = {
        "line": row["line"],
        "external_id": external_id,
        "result": "failed",
        "product": None,
        "errors": {},
    }
    fields, intent, errors = _import_row_fields(row, lookups)
    if not external_id:
        errors["external_id"] = [_("The external id is required.")]
    elif len(external_id) > 100:
        errors["external_id"] = [_("At most 100 characters.")]
    elif external_id in seen:
        errors["external_id"] = [
            _("Repeats the external id of line %(line)s.") % {"line": seen[external_id]}
        ]
    else:
        seen[external_id] = row["line"]
    if errors:
        entry["errors"] = errors
        return entry
    try:
        with transaction.atomic():
            product = (
                Product.objects.filter(vendor=vendor, external_id=external_id).first()
                # An exported product that had no external id is named by its slug.
                or Product.objects.filter(vendor=vendor, external_id="", slug=external_id).first()
            )
            if product is None:
                product = product_create(
                    vendor=vendor, actor=actor, partner=partner, external_id=external_id, **fields
                )
                result = "created"
            else:
                changed = _import_changes(product, fields)
                if product.external_id != external_id:
                    Product.objects.filter(pk=product.pk).update(external_id=external_id)
                result = "unchanged"
                if changed:
                    product = product_update(
                        product=product, actor=actor, partner=partner, **changed
                    )
                    result = "updated"
            if intent == STATUS_SUBMIT and product.status in (
                ProductStatus.DRAFT,
                ProductStatus.REJECTED,
            ):
                product = product_submit(product=product, actor=actor, partner=partner)
                result = "updated" if result == "unchanged" else result
    except DomainError as exc:
        entry["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()} or {
            "non_field_errors": [str(exc.detail)]
        }
        return entry
    except DjangoValidationError as exc:
        entry["errors"] = {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
        return entry
    except IntegrityError:
        entry["errors"] = {
            "external_id": [_("Another upload wrote this external id at the same time.")]
        }
        return entry
    entry.update(result=result, product=product.slug)
    return entry


def _import_save_progress(job: ImportJob, *fields: str) -> None:
    job.save(update_fields=["processed", "created", "updated", "skipped", "failed", *fields])


def listings_import_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import: each row in its own transaction, progress saved as it goes.
    Idempotent: a job already started or finished is left alone, and rows upsert by
    (storefront, external id), so even a file uploaded twice converges."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportStatus.QUEUED:
            return job
        job.status = ImportStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    vendor = Vendor.objects.get(pk=job.vendor_id)
    partner = job.partner_client  # None for a member's upload
    actor: Any = job.uploaded_by or AnonymousUser()
    try:
        if partner is not None:
            # The grant or scope may have been withdrawn since the upload.
            require_listing_writer(actor=actor, vendor=vendor, partner=partner)
        elif not is_member(actor, vendor):
            raise NotAllowed(_("The uploader is no longer a member of this storefront."))
        lookups = _ImportLookups(job.rows)
        seen: dict[str, int] = {}
        report = []
        for row in job.rows:
            entry = _import_row(
                row, vendor=vendor, actor=actor, partner=partner, lookups=lookups, seen=seen
            )
            report.append(entry)
            job.processed += 1
            counter = {"unchanged": "skipped"}.get(entry["result"], entry["result"])
            setattr(job, counter, getattr(job, counter) + 1)
            if job.processed % IMPORT_PROGRESS_EVERY == 0:
                _import_save_progress(job)
        job.report = report
        job.status = ImportStatus.SUCCEEDED
    except DomainError as exc:
        job.status, job.error = ImportStatus.FAILED, str(exc.detail)
    job.finished_at = timezone.now()
    _import_save_progress(job, "report", "status", "error", "finished_at")
    audit_record(
        actor=actor,
        action=f"catalog.import.{job.status}",
        target=job,
        from_state=ImportStatus.RUNNING,
        to_state=job.status,
        data={
            **{k: getattr(job, k) for k in ("total", "created", "updated", "skipped", "failed")},
            **partner_audit_data(partner),
        },
    )
    return job
