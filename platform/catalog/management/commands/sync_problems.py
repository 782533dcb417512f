"""`manage.py sync_problems [--stats]`: validate every problem file and sync problems (and datasets) into the DB.

With ``--stats`` it also prints the catalogue's counts (per level, per dataset, both languages, known
mistakes) and what any problem still misses (problems/stats.py).
"""

from django.core.management.base import BaseCommand, CommandError

import problems
from catalog.sync import sync_datasets, sync_problems
from datasets.dictionary import catalog
from problems import ProblemError
from problems.stats import catalogue_stats


class Command(BaseCommand):
    help = "Sync the data dictionary and every problem folder under problems/ into the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stats", action="store_true", help="also print the catalogue's counts")

    def handle(self, *args, **options) -> None:
        ds = sync_datasets()
        try:
            report = sync_problems()
        except ProblemError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"datasets: {ds.created} new, {ds.updated} updated; problems: {report.created} new, "
            f"{report.updated} updated, {report.unpublished} unpublished"
        )
        if options["stats"]:
            specs = problems.load_all()
            paths = problems.load_paths({s.id for s in specs})
            tables = [t.name for info in catalog() for t in info.tables]
            for line in catalogue_stats(specs, paths, tables).lines():
                self.stdout.write(line)
