from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.generator import BATCH_SIZE, GeneratorError, generate


class Command(BaseCommand):
    help = (
        "Make up mandates gen-<n> with themes, objectives, reporting quarters and progress "
        "updates (each with its history version), for load tests. Adds only: refuses, and "
        "makes nothing, if any of the mandates exists already. One transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mandates", type=int, default=1, help="How many mandates.")
        parser.add_argument("--themes", type=int, default=10, help="Themes per mandate.")
        parser.add_argument("--objectives", type=int, default=10, help="Objectives per theme.")
        parser.add_argument("--updates", type=int, default=10, help="Updates per objective.")
        parser.add_argument("--seed", type=int, default=0, help="The same seed, the same data.")
        parser.add_argument(
            "--first", type=int, default=1, help="The first mandate's number: gen-<first>."
        )
        parser.add_argument(
            "--owners", type=int, default=50, help="Owner accounts gen-owner-<k> to share out."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        try:
            report = generate(
                mandates=options["mandates"],
                themes=options["themes"],
                objectives=options["objectives"],
                updates=options["updates"],
                seed=options["seed"],
                first=options["first"],
                owners=options["owners"],
                batch_size=options["batch_size"],
                progress=self.stdout.write if verbose else None,
            )
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
