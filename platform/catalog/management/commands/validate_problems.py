"""`manage.py validate_problems [--problem N ...] [--profile lite]`: check problem files on the built data
before committing them (the checks are in problems.validate). Exits non-zero when any problem fails."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from problems import PROBLEMS_DIR
from problems.validate import validate_folders


class Command(BaseCommand):
    help = ("Load every problem folder and, on the built data, run each reference on every variant: it must "
            "return rows, SQL and Python must agree, and each known mistake must run and not be accepted.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--problem", type=int, action="append", default=[], metavar="N",
                            help="only problem N (repeat for more); default every problem")
        parser.add_argument("--profile", default=settings.DATA_PROFILE, help="built profile (default: the site's)")
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR), help="built data root")
        parser.add_argument("--problems-dir", default=str(PROBLEMS_DIR), help="folder of problem folders")

    def handle(self, *args, **options) -> None:
        def show(check) -> None:
            self.stdout.write(check.line() if check.ok else self.style.ERROR(check.line()))

        checks = validate_folders(Path(options["data_dir"]), options["profile"], Path(options["problems_dir"]),
                                  options["problem"] or None, progress=show)
        missing = set(options["problem"]) - {c.problem_id for c in checks}
        if missing:
            raise CommandError(f"no problem folder for {', '.join(str(n) for n in sorted(missing))}")
        failed = [c for c in checks if not c.ok]
        self.stdout.write(f"{len(checks) - len(failed)} of {len(checks)} problems ok")
        if failed:
            raise CommandError(f"{len(failed)} problem(s) failed: "
                               + ", ".join(str(c.problem_id) for c in failed))
