"""Problem files and their loader (no Django import).

Each problem is a folder `NNN-slug/` with `problem.toml`, `statement.md`, and `solution.sql` and/or
`solution.py`. `load_all(root)` validates every folder and raises one clear error per bad file; `load_paths` reads the
learning paths of `paths.toml`.
"""

from problems.loader import DIFFICULTIES, PROBLEMS_DIR, ProblemError, ProblemSpec, load_all, load_problem
from problems.paths import PathSpec, load_paths

__all__ = [
    "DIFFICULTIES", "PROBLEMS_DIR", "PathSpec", "ProblemError", "ProblemSpec", "load_all", "load_paths", "load_problem",
]
