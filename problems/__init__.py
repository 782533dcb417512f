"""Problem files and their loader (no Django import).

Each problem is a folder `NNN-slug/` with `problem.toml`, `statement.md`, and `solution.sql` and/or
`solution.py`. `load_all(root)` validates every folder and raises one clear error per bad file.
"""

from problems.loader import DIFFICULTIES, PROBLEMS_DIR, ProblemError, ProblemSpec, load_all, load_problem

__all__ = ["DIFFICULTIES", "PROBLEMS_DIR", "ProblemError", "ProblemSpec", "load_all", "load_problem"]
