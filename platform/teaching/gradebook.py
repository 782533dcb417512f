"""The gradebook of one assignment: learners x problems, computed from the submissions in a few queries.

A cell holds the best outcome of a learner's submissions to a problem since the assignment opened: the
first accepted one (its time, whether it was late, the points it earns under the late policy), or else
the latest verdict. A cell's submission is `shared` with the instructor (its code can be opened) only if
it was made inside the assignment's window; a late one still scores under the late policy. Per-problem
statistics count attempts, acceptance and the most common wrong answers (named by the known mistake
they matched, or by the grader's message).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from submissions.models import Submission
from teaching.models import Assignment, ProblemSetItem


@dataclass
class Cell:
    verdict: str = ""
    submission_id: int | None = None
    attempts: int = 0
    accepted_at: datetime | None = None
    late: bool = False
    points: float = 0.0
    shared: bool = False  # made between opening and due date: the instructor may read its code

    @property
    def label(self) -> str:
        """What the gradebook cell shows: the points earned, or a cross."""
        if self.verdict != "ACCEPTED":
            return "✗"
        return f"✓ {int(self.points)}" if float(self.points).is_integer() else f"✓ {self.points:.1f}"

    @property
    def css(self) -> str:
        return self.verdict.lower() or "none"


@dataclass
class Row:
    learner: object
    cells: list[Cell]

    @property
    def total(self) -> float:
        return sum(c.points for c in self.cells)


@dataclass
class ProblemStats:
    item: ProblemSetItem
    attempts: int = 0
    accepted: int = 0
    solvers: int = 0
    common_wrong: list[tuple[str, int]] = field(default_factory=list)

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.attempts if self.attempts else None


@dataclass
class Gradebook:
    assignment: Assignment
    items: list[ProblemSetItem]
    rows: list[Row]
    stats: list[ProblemStats]

    @property
    def max_points(self) -> int:
        return sum(i.points for i in self.items)


def gradebook(assignment: Assignment, learners: list | None = None) -> Gradebook:
    """The assignment's gradebook for its cohort (or for `learners`, e.g. one learner's own view)."""
    items = list(assignment.problem_set.items.select_related("problem"))
    if learners is None:
        learners = list(assignment.cohort.members.order_by("last_name", "first_name", "username"))
    column = {item.problem_id: j for j, item in enumerate(items)}
    cells = {learner.pk: [Cell() for _ in items] for learner in learners}
    stats = [ProblemStats(item) for item in items]
    wrong: list[Counter] = [Counter() for _ in items]
    solvers: list[set] = [set() for _ in items]
    submissions = (
        Submission.objects.filter(learner__in=[u.pk for u in learners], problem_id__in=list(column),
                                  status=Submission.Status.DONE, created_at__gte=assignment.opens_at)
        .exclude(verdict="INTERNAL_ERROR")
        .order_by("created_at", "id")
        .values_list("learner_id", "problem_id", "id", "verdict", "created_at", "message", "diff__known_mistake__name")
    )
    for learner_id, problem_id, sid, verdict, created_at, message, mistake in submissions.iterator(chunk_size=5000):
        j = column[problem_id]
        cell = cells[learner_id][j]
        cell.attempts += 1
        stats[j].attempts += 1
        if verdict == "ACCEPTED":
            stats[j].accepted += 1
            solvers[j].add(learner_id)
            if cell.accepted_at is None:
                cell.verdict, cell.submission_id, cell.accepted_at = verdict, sid, created_at
                cell.late = created_at > assignment.due_at
                cell.shared = not cell.late
                cell.points = assignment.points_for(items[j].points, cell.late)
        else:
            if cell.accepted_at is None:
                cell.verdict, cell.submission_id = verdict, sid
                cell.shared = created_at <= assignment.due_at
            if verdict == "WRONG_ANSWER":
                wrong[j][f"known mistake: {mistake}" if mistake else (message or "").split("\n")[0][:90]] += 1
    for j, s in enumerate(stats):
        s.solvers = len(solvers[j])
        s.common_wrong = wrong[j].most_common(3)
    rows = [Row(learner, cells[learner.pk]) for learner in learners]
    return Gradebook(assignment, items, rows, stats)


def to_csv(book: Gradebook) -> str:
    """One row per learner, one points column per problem, the total and the maximum: the shape an LMS
    gradebook import takes (a column per graded item, learners identified by e-mail and username)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Student", "Email", "Username",
                     *[_text(f"{i.problem_id}. {i.problem.title} ({i.points})") for i in book.items],
                     "Late", "Total", "Max"])
    for row in book.rows:
        learner = row.learner
        name = learner.get_full_name() or learner.username
        late = sum(1 for c in row.cells if c.late)
        writer.writerow([_text(name), _text(learner.email), _text(learner.username),
                         *[_number(c.points) for c in row.cells], late, _number(row.total), book.max_points])
    return out.getvalue()


def csv_filename(assignment: Assignment) -> str:
    """The download's file name: cohort and set, letters, digits, '-' and '_' only."""
    name = f"gradebook-{assignment.cohort.name}-{assignment.problem_set.title}"
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)[:80] + ".csv"


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): a learner named `=HYPERLINK(...)` would otherwise plant a link or a command in the
# instructor's sheet. Text cells are prefixed with a single quote; numbers are written as numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"

