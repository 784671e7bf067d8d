"""Generated data at national scale, for load tests and capacity planning.

    manage.py generate_demo_data --resolutions 100 --recommendations 5000 \
        --organisations 500 --updates 500000

The numbers are totals. Everything is written with `bulk_create` in one
transaction, and the denormalised current state of each recommendation is
computed while its history is generated, by the same rule as
`recommendation_refresh_state` (the latest published update by `reported_on`,
then `created_at`), so no per-row refresh is needed afterwards.

Generated rows are recognisable by their slugs and user names (prefix `gen-`);
the command refuses to run twice on the same database and, like `seed_demo`,
refuses to run with DEBUG off unless given --force.
"""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from recommendations.management.demo.national import NationalScale
from recommendations.management.demo.vocabulary import PREFIX
from recommendations.management.guards import (
    add_force_argument,
    refuse_without_debug,
)
from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    StatusUpdate,
)
from resolution_portal.page_cache import bump_data_version
from stakeholders.models import Organisation

COUNTS = ("resolutions", "recommendations", "organisations", "updates")


class Command(BaseCommand):
    help = (
        "Generate resolutions, organisations, recommendations and their history "
        "at scale (totals), for load tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resolutions", type=int, default=100)
        parser.add_argument("--recommendations", type=int, default=5000)
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--updates", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=2018, help="Random seed.")
        add_force_argument(parser)

    def handle(self, *args, force: bool = False, **options) -> None:
        refuse_without_debug(
            force=force,
            what_it_does="generate_demo_data fills the database with invented data",
        )
        counts = {name: options[name] for name in COUNTS}
        self._check(counts)
        started = time.monotonic()
        generator = NationalScale(
            seed=options["seed"], verbosity=options["verbosity"], stdout=self.stdout
        )
        with transaction.atomic():
            written = generator.generate(**counts)
        bump_data_version()  # bulk inserts send no signals
        self._analyze()
        self.stdout.write(
            f"Generated {written['resolutions']} resolutions, "
            f"{written['recommendations']} recommendations, "
            f"{written['organisations']} organisations, "
            f"{written['updates']} status updates "
            f"in {time.monotonic() - started:.0f} s."
        )

    def _check(self, counts: dict[str, int]) -> None:
        for name, value in counts.items():
            if value < 0:
                raise CommandError(f"--{name} must be 0 or more, not {value}.")
        if counts["recommendations"] and not (
            counts["resolutions"] and counts["organisations"]
        ):
            raise CommandError(
                "Recommendations need at least one resolution and one organisation."
            )
        if Resolution.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError(
                "Generated data is already in this database; "
                "use a fresh database to generate it again."
            )

    def _analyze(self) -> None:
        """Fresh statistics, so that the planner sees the new sizes at once, and
        a visibility map, so that index-only scans need no heap."""
        if connection.vendor != "postgresql":
            return
        # VACUUM cannot run inside a transaction (a caller's, or a test's).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (
                Resolution,
                Recommendation,
                Assignment,
                StatusUpdate,
                Organisation,
            ):
                cursor.execute(f"{command} {model._meta.db_table}")
