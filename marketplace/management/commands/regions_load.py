"""Re-sync provinces and communes from the installed `vietnam-provinces` package."""

from typing import Any

from django.core.management.base import BaseCommand

from marketplace.models import Commune, Province
from marketplace.services.regions import regions_sync


class Command(BaseCommand):
    help = "Load or refresh the 34 provinces and 3,321 communes (official 2025 codes)."

    def handle(self, *args: Any, **options: Any) -> None:
        provinces, communes = regions_sync(Province, Commune)
        self.stdout.write(self.style.SUCCESS(f"{provinces} provinces, {communes} communes loaded."))
