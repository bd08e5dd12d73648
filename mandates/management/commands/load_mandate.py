from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandates.fixture_loader import FixtureError, load_fixtures


class Command(BaseCommand):
    help = (
        "Load or refresh mandates, themes, objectives, targets and links from fixture files "
        "(Django's JSON format with natural keys). Every record is checked against the schema "
        "(mandates.fixture_schema) before anything is saved; all files load in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Fixture files, in load order.")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        try:
            report = load_fixtures(paths)
        except FixtureError as error:
            raise CommandError(f"{error}. Nothing was changed.") from error
        if options["verbosity"] >= 2:
            for line in report.details:
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary()))
