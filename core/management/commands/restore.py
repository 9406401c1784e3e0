"""`manage.py restore DIR`: a backup into an empty database and the storages, checked (D189)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (create it first; "
        "do not migrate) and the media storages, then check every table's row count and every "
        "file's sha256 against the manifest. Fails on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default", help="database alias (default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["directory"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and checked {len(report.tables)} tables ({report.rows} rows) in "
                f"{report.seconds['database']} s and {len(report.files)} files "
                f"({report.bytes} bytes) in {report.seconds['media']} s."
            )
        )
