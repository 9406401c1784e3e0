"""`manage.py backup DIR`: the database and every media storage, with a manifest (D189)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: its backup API) and "
        "the uploaded files into DIR (new or empty), with manifest.json: rows per table, and "
        "path, size and sha256 of every file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default", help="database alias (default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup(options["directory"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(report.tables)} tables ({report.rows} rows) in "
                f"{report.seconds['database']} s and {len(report.files)} files "
                f"({report.bytes} bytes) in {report.seconds['media']} s "
                f"to {options['directory']}."
            )
        )
