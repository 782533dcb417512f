"""Known holes: (test, case) pairs expected to fail until the layer is fixed.

Each is an xfail(strict=True): the suite stays green while the hole is open, and turns red the day it
is closed, so that the entry is removed here. The tests are "every-layer" (the sandbox as deployed),
"layers-2-3" (layer 1 off), "layer-1" (RestrictedPython or the SQL policy on its own) and "no-sandbox"
(SQL in the grader's process, as where bubblewrap is unavailable).
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from tests.hostile.casefiles import Case

_PID1_ENV = ("HOLE: bubblewrap's init is PID 1 in the sandbox, dumpable and of the same uid, so /proc/1/environ "
             "shows the grader's whole environment (bwrap's --clearenv only affects its child); "
             "fix: start bwrap with --as-pid-1 and a minimal env= in Popen")
_PID1_FDS = ("HOLE: bubblewrap's init (PID 1) keeps the grader's stdin/stdout pipes open, and /proc/1/fd/0 and "
             "/proc/1/fd/1 can be opened from a run: a child forges replies, desynchronises the protocol (every "
             "later submission gets the previous one's result) and reads the next request; fix: --as-pid-1")
_UNCHECKED_STATUS = ("HOLE: a reply's status is not checked: a run can report ACCEPTED, INTERNAL_ERROR or "
                     "UNAVAILABLE on its reply pipe; fix: the zygote and client accept only ok, ERROR, "
                     "TIME_LIMIT, MEMORY_LIMIT and REJECTED from a run")
_ATTRGETTER = ("HOLE: operator (on the import allowlist) has attrgetter/methodcaller, which read attributes "
               "and call methods without the guard, dunders included: a complete escape from RestrictedPython; "
               "fix: drop operator from the allowlist or offer a copy without attrgetter/methodcaller")

HOLES: dict[tuple[str, str], str] = {
    # Every layer on, as deployed: layer 1 falls to attrgetter, then layer 2's PID 1 does the rest.
    ("every-layer", "024-chain-grader-environment"): f"{_ATTRGETTER}; then {_PID1_ENV}",
    ("every-layer", "077-chain-forge-accepted"): f"{_ATTRGETTER}; then {_PID1_FDS}",
    # Layers 2 and 3 alone.
    ("layers-2-3", "022-proc-1-environ"): _PID1_ENV,
    ("layers-2-3", "024-chain-grader-environment"): _PID1_ENV,
    ("layers-2-3", "032-signal-zygote-by-sigqueue"): (
        "HOLE: seccomp denies kill/tkill/tgkill but not rt_sigqueueinfo/rt_tgsigqueueinfo: a run can signal "
        "the zygote and PID 1 (SIGSTOP, SIGKILL); fix: deny both syscalls"),
    ("layers-2-3", "033-lower-the-zygotes-limits"): (
        "HOLE: prlimit64 on another pid is allowed: a run lowers the zygote's RLIMIT_NOFILE and the NEXT "
        "learner's submission fails; fix: allow prlimit64 only with pid 0 (seccomp argument filter)"),
    ("layers-2-3", "067-patch-the-graders-reply"): _UNCHECKED_STATUS,
    ("layers-2-3", "072-forge-frame-on-fds-3-to-10"): _UNCHECKED_STATUS,
    ("layers-2-3", "074-forge-frame-to-the-grader"): _PID1_FDS,
    ("layers-2-3", "075-steal-the-next-submission"): _PID1_FDS,
    ("layers-2-3", "076-forge-dataset-unavailable"): _UNCHECKED_STATUS,
    ("layers-2-3", "077-chain-forge-accepted"): _PID1_FDS,
    ("layers-2-3", "079-write-pid-1-memory"): (
        "HOLE: /proc/1/mem of bubblewrap's init is writable from a run; that process has no seccomp filter "
        "and no rlimits, so code planted there runs unconfined and survives across submissions; fix: --as-pid-1"),
    ("layers-2-3", "083-create-files-in-dev"): (
        "HOLE: /dev (bubblewrap's --dev tmpfs, /dev/shm with it) stays writable after --remount-ro /, and "
        "open(O_CREAT) is not filtered: files persist from one run to the next in the same sandbox; fix: "
        "--remount-ro /dev (keep /dev/shm out) and deny O_CREAT in open/openat/creat"),
    ("layers-2-3", "084-previous-submission-in-memory"): (
        "HOLE: the zygote decodes every request, so each forked run inherits earlier learners' code in its "
        "heap and can read it from /proc/self/mem; fix: never decode requests in the zygote (fork first, "
        "pass the raw bytes to the child through a scrubbed buffer), or respawn it per submission"),
    # Layer 1 alone (in-process), RestrictedPython.
    ("layer-1", "056-attrgetter-reads-a-file"): _ATTRGETTER,
    ("layer-1", "057-attrgetter-reaches-builtins"): _ATTRGETTER,
    ("layer-1", "058-methodcaller-writes-a-file"): _ATTRGETTER,
    ("layer-1", "059-to-string-writes-a-file"): (
        "HOLE: the denied-name list misses writers: DataFrame.to_string(buf=path) writes a file; fix: deny "
        "to_string/to_records' buf or switch to an allowlist of attributes"),
    ("layer-1", "060-scipy-save-npz-writes-a-file"): (
        "HOLE: scipy.sparse.save_npz/load_npz are not denied (the list matches 'load'/'save' exactly); fix: "
        "match save_*/load_* prefixes"),
    ("layer-1", "061-apply-by-method-name-writes-a-file"): (
        "HOLE: DataFrame.apply/agg/transform look method names up with getattr, so apply('to_csv', ...) writes "
        "a file; fix: refuse string funcs in these methods (wrap DataFrame) or deny apply-by-name"),
    ("layer-1", "062-pandas-errors-ctypes"): (
        "HOLE: modules imported by allowed modules are reachable as attributes (pd.errors.ctypes); ctypes "
        "calls any C function; fix: guarded_getattr refuses module values outside the allowlist"),
    # Layer 1 alone, the SQL statement policy.
    ("layer-1", "127-explain-analyze-copy"): (
        "HOLE: the policy allows EXPLAIN, but EXPLAIN ANALYZE executes the statement it explains (COPY, SET "
        "VARIABLE, CREATE TEMP TABLE, CHECKPOINT…); layer 1b contains it; fix: allow EXPLAIN only when the "
        "explained statement is itself a SELECT"),
    ("layer-1", "128-explain-analyze-create-temp-table"): (
        "HOLE: EXPLAIN ANALYZE CREATE TEMP TABLE passes the policy and runs (the temp table lives on the "
        "cursor only); fix: as for 127"),
    # SQL where there is no OS sandbox: in the grader's process, layers 1a and 1b only.
    ("no-sandbox", "131-cross-join-bomb"): (
        "HOLE: with max_temp_directory_size='0B' DuckDB still creates <dataset>.duckdb.tmp/ (and a file in it) "
        "next to the dataset file when a query outgrows memory; in the sandbox seccomp refuses the mkdir, "
        "in-process the data folder is written; fix: add temp_directory='' to _hardened_config (then the "
        "query gets MEMORY_LIMIT and nothing is created)"),
}


def params(cases: Iterable[Case], test: str) -> list:
    """`cases` as pytest params named after their files, with known holes marked xfail(strict)."""
    marked = []
    for case in cases:
        reason = HOLES.get((test, case.name))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        marked.append(pytest.param(case, id=case.name, marks=marks))
    return marked
