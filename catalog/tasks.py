"""Catalogue background jobs. They call the services that do the work; the services that queue
them (catalog.services.imports) import this module, never the other way round."""

from celery import shared_task

from catalog.services.certificates import certificate_expire_due
from catalog.services.import_rows import listings_import_run


@shared_task
def certificate_expire_due_task() -> int:
    """Daily (run hourly so a missed run catches up): mark due certificates expired."""
    return certificate_expire_due()


@shared_task
def listings_import_task(job_id: int) -> str | None:
    """Run a queued listings import; a job already started or gone is left alone."""
    job = listings_import_run(job_id=job_id)
    return job.status if job else None
