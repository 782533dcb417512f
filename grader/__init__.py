"""Unwind's grader: runs learner code on datasets and decides verdicts. Pure Python, no Django.

Public API::

    run(code, language, database, limits=None) -> RunResult
    grade(job) -> Result
    compare(expected, actual, options, reveal=True) -> Comparison
"""

from grader.compare import CompareOptions, Comparison, compare
from grader.expected_cache import ExpectedCache
from grader.grading import Grader, default_grader, grade, run
from grader.job import LANGUAGES, DatasetVariant, Job, KnownMistake, Language, Result, RunResult
from grader.limits import DEFAULT_LIMITS, Limits
from grader.table import ResultTable
from grader.verdicts import Verdict
from grader.version import GRADER_VERSION

__all__ = [
    "DEFAULT_LIMITS",
    "GRADER_VERSION",
    "LANGUAGES",
    "CompareOptions",
    "Comparison",
    "DatasetVariant",
    "ExpectedCache",
    "Grader",
    "Job",
    "KnownMistake",
    "Language",
    "Limits",
    "Result",
    "ResultTable",
    "RunResult",
    "Verdict",
    "compare",
    "default_grader",
    "grade",
    "run",
]
