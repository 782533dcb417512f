"""Request and response shapes of /api/v1/ (they are the OpenAPI schema's components)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str


class ProblemSummary(Schema):
    id: int
    slug: str
    title: str
    difficulty: str
    topics: list[str]
    dataset_id: str
    languages: list[str]
    tried: bool
    solved: bool
    attempts: int
    solvers: int
    acceptance: float | None


class Column(Schema):
    name: str
    type: str = ""
    unit: str | None = ""
    meaning: str | None = ""


class Table(Schema):
    name: str
    description: str = ""
    rows: int | None = None
    columns: list[Column] = []


class SchemaGroup(Schema):
    dataset_id: str
    tables: list[Table]


class ProblemDetail(Schema):
    id: int
    slug: str
    title: str
    difficulty: str
    topics: list[str]
    dataset_id: str
    languages: list[str]
    statement_md: str
    statement_html: str
    hints: list[Any]
    tables: list[SchemaGroup]  # what a query can see: the dataset's tables, then its dependencies'
    solved: bool


class DatasetSummary(Schema):
    id: str
    title: str
    source: str
    depends_on: list[str]
    problem_count: int
    total_rows: int


class DatasetDetail(Schema):
    id: str
    title: str
    story: str
    source: str
    depends_on: list[str]
    version_hash: str
    tables: list[Table]
    problem_ids: list[int]


class PreviewPage(Schema):
    dataset_id: str
    table: str
    page: int
    pages: int | None
    first_row: int
    total_rows: int | None
    columns: list[str]
    rows: list[list[Any]]
    built: bool


class CodeIn(Schema):
    code: str = Field(max_length=200_000)
    language: Literal["sql", "python"] = "sql"


class RunIn(CodeIn):
    explain: bool = False


class RunOut(Schema):
    id: int
    problem_id: int
    status: str
    queue_ahead: int
    poll_after_ms: int
    result: dict[str, Any] | None


class SubmissionOut(Schema):
    id: int
    problem_id: int
    language: str
    status: str
    verdict: str
    message: str
    diff: dict[str, Any] | None
    visible_ms: float | None
    created_at: datetime
    queue_ahead: int
    poll_after_ms: int


class SubmissionListItem(Schema):
    id: int
    problem_id: int
    language: str
    status: str
    verdict: str
    created_at: datetime


class TallyOut(Schema):
    label: str
    solved: int
    total: int
    percent: int


class ProgressOut(Schema):
    solved: int
    total: int
    by_dataset: list[TallyOut]
    by_topic: list[TallyOut]
    by_difficulty: list[TallyOut]
    streak_days: int
    active_days: int
    timeline: list[tuple[date, int]]


class InvitationOut(Schema):
    id: int
    cohort_id: int
    cohort: str
    email: str


class JoinIn(Schema):
    code: str = Field(max_length=32)


class Joined(Schema):
    cohort_id: int
    joined: bool


class SetIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""


class SetItemOut(Schema):
    id: int
    problem_id: int
    title: str
    position: int
    points: int


class SetOut(Schema):
    id: int
    title: str
    description: str
    items: list[SetItemOut]


class ItemIn(Schema):
    problem: int
    points: int = Field(10, ge=1, le=1000)


class CohortIn(Schema):
    name: str = Field(min_length=1, max_length=200)


class MemberOut(Schema):
    id: int
    username: str
    email: str


class CohortOut(Schema):
    id: int
    name: str
    join_code: str
    members: list[MemberOut]
    invitations: list[str]


class InviteIn(Schema):
    emails: list[str] = Field(min_length=1, max_length=2000)


class InviteOut(Schema):
    invited: list[str]
    already: list[str]


class AssignmentOut(Schema):
    id: int
    cohort_id: int
    cohort: str
    problem_set_id: int
    problem_set: str
    opens_at: datetime
    due_at: datetime
    late_policy: str


class CellOut(Schema):
    problem_id: int
    verdict: str
    attempts: int
    points: float
    late: bool
    submission_id: int | None  # None when there is none, or when its code is not shared (made after the due date)


class GradebookRow(Schema):
    learner_id: int
    username: str
    email: str
    total: float
    cells: list[CellOut]


class GradebookOut(Schema):
    assignment_id: int
    max_points: int
    problems: list[SetItemOut]
    rows: list[GradebookRow]


class RegradeIn(Schema):
    problem: int


class RegradeOut(Schema):
    id: int
    assignment_id: int
    problem_id: int
    status: str
    total: int
    done: int
    changed: int
    percent: int
    created_at: datetime
    finished_at: datetime | None


class DatasetVersion(Schema):
    id: str
    title: str
    source: str
    upload_version: int
    version_hash: str
    variant_hashes: dict[str, str]
    synced_at: datetime


class DatasetJobOut(Schema):
    id: int
    kind: str
    dataset_id: str
    profile: str
    status: str
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
