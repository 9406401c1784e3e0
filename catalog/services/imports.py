"""Bulk listings import, the upload: refuse a file that is not one, else store its rows in a
queued job and queue catalog.tasks.listings_import_task after commit (which runs
catalog.services.import_rows)."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from catalog.imports import listings_file_read
from catalog.models import ImportJob
from catalog.tasks import listings_import_task
from core.audit import audit_record
from core.clients import Partner, partner_audit_data
from marketplace.models import User, Vendor
from marketplace.permissions import require_listing_writer


def listings_import_create(
    *,
    vendor: Vendor,
    actor: User,
    upload: IO[bytes],
    file_name: str,
    partner: Partner | None = None,
) -> ImportJob:
    """Accept a listings file: refuse it whole only if it is not one (catalog.imports), else
    store its rows in a queued job and run listings_import_task after commit."""
    require_listing_writer(actor=actor, vendor=vendor, partner=partner)
    file_format, rows = listings_file_read(upload=upload, name=file_name)
    with transaction.atomic():
        job = ImportJob.objects.create(
            vendor=vendor,
            uploaded_by=actor if partner is None else None,
            partner_client_id=partner.pk if partner is not None else None,
            file_name=file_name[-255:],
            file_format=file_format,
            rows=rows,
            total=len(rows),
        )
        audit_record(
            actor=actor,
            action="catalog.import.queued",
            target=job,
            to_state=job.status,
            data={"rows": len(rows), "file": job.file_name, **partner_audit_data(partner)},
        )
        transaction.on_commit(lambda: listings_import_task.delay(job.pk))
    return job
