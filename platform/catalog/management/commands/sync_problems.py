"""`manage.py sync_problems`: validate every problem file and sync problems (and datasets) into the DB."""

from django.core.management.base import BaseCommand, CommandError

from catalog.sync import sync_datasets, sync_problems
from problems import ProblemError


class Command(BaseCommand):
    help = "Sync the data dictionary and every problem folder under problems/ into the database."

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
