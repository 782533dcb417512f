"""The class of an error, in a form that cannot carry data: what a learner sees of a hidden-variant failure.

An error's message, traceback, warnings and printed output can all be built from the data; its class
can only be chosen among classes that exist. So a class counts only if its module really defines it
under that name (a learner's `class rows_16685(Exception)` shows as `Exception`, a learner's own
`class KeyError(LookupError)` as `LookupError`), and the name that crosses back from a sandbox is
checked again against the classes this process knows before it is shown.
"""

from __future__ import annotations

import re
import sys

# Modules whose exception classes a learner's code can meet (what it may import, and what runs it).
_ROOTS = frozenset({"builtins", "pandas", "numpy", "scipy", "arch", "math", "statistics", "datetime", "decimal",
                    "collections", "itertools", "functools", "duckdb", "_duckdb", "grader"})
_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,47}(?: [A-Za-z][A-Za-z0-9]{0,23}){0,5}")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")
_DUCKDB_PREFIX = re.compile(r"([A-Za-z][A-Za-z ]{0,40}) Error: ")


def _is_real(cls: type) -> bool:
    """Whether `cls` is what its module exports under its own name (not a class made up at run time)."""
    module = sys.modules.get(getattr(cls, "__module__", None) or "")
    if module is None or module.__name__.split(".")[0] not in _ROOTS:
        return False
    target: object = module
    for part in getattr(cls, "__qualname__", "").split("."):
        target = getattr(target, part, None)
    return target is cls and bool(_SHAPE.fullmatch(cls.__name__))


def real_class(exc: BaseException) -> type:
    """The nearest class of `exc` (itself or a parent) that a real module defines; BaseException at worst."""
    return next((c for c in type(exc).__mro__ if _is_real(c)), BaseException)


def python_class(exc: BaseException) -> str:
    """How a Python error is named on a hidden variant: its nearest real class, e.g. "KeyError"."""
    return real_class(exc).__name__


def _duckdb_words(cls: type) -> str:
    """A DuckDB exception class as DuckDB names it in messages: InvalidInputException -> Invalid Input Error."""
    name = re.sub(r"(Exception|Error)$", "", cls.__name__) or cls.__name__
    return " ".join([*_CAMEL.findall(name), "Error"])


def sql_class(exc: BaseException) -> str:
    """How a DuckDB error is named on a hidden variant, spelt as its message spells it ("Out of Range Error")
    when that agrees with its class, else from the class."""
    words = _duckdb_words(real_class(exc))
    prefix = _DUCKDB_PREFIX.match(str(exc))
    if prefix and f"{prefix.group(1)} Error".casefold() == words.casefold():
        return f"{prefix.group(1)} Error"
    return words


_known: tuple[int, frozenset[str]] = (-1, frozenset())


def _known_names() -> frozenset[str]:
    """Names of the error classes of the modules loaded now (found again only when more were loaded)."""
    global _known
    modules = [m for n, m in list(sys.modules.items()) if m is not None and n.split(".")[0] in _ROOTS]
    if _known[0] == len(modules):
        return _known[1]
    names: set[str] = set()
    for module in modules:
        for value in list(vars(module).values()):
            if isinstance(value, type) and issubclass(value, BaseException) and _is_real(value):
                names.add(value.__name__)
                if value.__module__.split(".")[0] in ("duckdb", "_duckdb"):
                    names.add(_duckdb_words(value).casefold())
    _known = (len(modules), frozenset(names))
    return _known[1]


def known(name: object) -> bool:
    """Whether `name` (as a runner reported it) is the name of an error class this process knows."""
    if not isinstance(name, str) or not _SHAPE.fullmatch(name):
        return False
    found = _known_names()
    return name in found or name.casefold() in found
