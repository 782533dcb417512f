"""`manage.py sweep_submissions`: one pass of the stuck-submission sweeper (beat runs it every minute)."""

from django.core.management.base import BaseCommand

from submissions.sweeper import sweep


class Command(BaseCommand):
    help = "Queue again, or finish with INTERNAL_ERROR, submissions that are past their deadline."

    def handle(self, *args, **options) -> None:
        report = sweep()
        self.stdout.write(f"requeued {report.requeued}, gave up on {report.failed}")
