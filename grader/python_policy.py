"""Layer 1 for Python: RestrictedPython compilation and the guarded names learner code runs with.

It keeps honest mistakes and casual probing out (dunder access, imports outside the allowlist, file
and network helpers of pandas and numpy). It is not a sandbox on its own: the OS sandbox
(grader.sandbox) contains whatever gets past it, and the tests prove each layer holds alone.
"""

from __future__ import annotations

import builtins
import math
import operator
import re
from collections.abc import Callable
from types import CodeType, ModuleType
from typing import Any

from RestrictedPython import compile_restricted_exec, safe_builtins
from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence, safer_getattr

FILENAME = "<submission>"

ALLOWED_IMPORTS = frozenset({
    "pandas", "numpy", "math", "statistics", "datetime", "decimal", "collections", "itertools",
    "functools", "scipy", "scipy.stats", "scipy.optimize", "arch", "arch.univariate",
})

# Attributes that read or write files, reach the network or evaluate strings, on any object.
_DENIED_ATTRIBUTES = re.compile(
    r"^(read_\w+|to_(csv|parquet|pickle|excel|hdf|sql|feather|json|html|latex|xml|stata|clipboard|orc|markdown)"
    r"|to_string|load\w*|save\w*|genfromtxt|fromfile|tofile|memmap|fromregex|DataSource"
    r"|eval|query|io|os|sys|lib|ctypeslib|testing|compat|api|core|util|plotting|options|set_option"
    r"|system|popen|exec|f2py|distutils)$"
)

_EXTRA_BUILTINS = (
    "sorted", "zip", "min", "max", "sum", "enumerate", "map", "filter", "list", "dict", "set", "tuple",
    "frozenset", "any", "all", "reversed", "next", "iter", "bool", "abs", "round", "divmod", "float",
    "int", "str", "len", "range", "isinstance", "slice", "object",
)

_INPLACE = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow, "<<=": operator.ilshift,
    ">>=": operator.irshift, "&=": operator.iand, "|=": operator.ior, "^=": operator.ixor,
    "@=": operator.imatmul,
}


class PolicyViolation(Exception):
    """Layer 1 refused the code before it ran (REJECTED, with the reason)."""


# Modules reachable as attributes (pd.errors.ctypes, np.lib.npyio.os …) must belong to these packages,
# and no part of their dotted name may be a denied one.
_MODULE_ROOTS = frozenset({"pandas", "numpy", "scipy", "arch", "math", "statistics", "datetime", "decimal",
                           "collections", "itertools", "functools"})


def _module_allowed(name: str) -> bool:
    parts = name.split(".")
    return parts[0] in _MODULE_ROOTS and not any(p.startswith("_") or _DENIED_ATTRIBUTES.match(p) for p in parts[1:])


# pandas methods that take a method *name* and look it up themselves (df.apply("to_csv", path_or_buf=...)),
# where no attribute access in the learner's code shows the name to guarded_getattr.
_DISPATCH_BY_NAME = frozenset({"apply", "agg", "aggregate", "transform", "map", "applymap"})


def _names_a_denied_method(value: Any, owner: Any) -> str | None:
    """The first string in `value` (nested in lists, tuples and dict values too) that names a denied or
    private method of `owner` or of a pandas frame or series; None if there is none. A string that only
    looks like one ("load_mw", a column) is left alone: it is not a method there."""
    if isinstance(value, str):
        if value.startswith("_") or _DENIED_ATTRIBUTES.match(value):
            import pandas

            if any(hasattr(t, value) for t in (owner if isinstance(owner, type) else type(owner),
                                                pandas.DataFrame, pandas.Series)):
                return value
        return None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
    return next((found for item in items if (found := _names_a_denied_method(item, owner))), None)


def _refusing_denied_names(method: Callable[..., Any], owner: Any) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        name = _names_a_denied_method([*args, *kwargs.values()], owner)
        if name is not None:
            raise AttributeError(f"'{name}' is not available here: learner code cannot read files or evaluate "
                                 "strings")
        return method(*args, **kwargs)

    return call


def guarded_getattr(obj: Any, name: str, *default: Any) -> Any:
    if _DENIED_ATTRIBUTES.match(name):
        raise AttributeError(f"'{name}' is not available here: learner code cannot read files or evaluate strings")
    value = safer_getattr(obj, name, *default)
    if isinstance(value, ModuleType) and not _module_allowed(value.__name__):
        raise AttributeError(f"module '{value.__name__}' is not available here")
    if name in _DISPATCH_BY_NAME and callable(value):
        return _refusing_denied_names(value, obj)
    return value


def guarded_import(name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (), level: int = 0):
    if level != 0 or name not in ALLOWED_IMPORTS:
        raise ImportError(f"import of '{name}' is not allowed; available: {', '.join(sorted(ALLOWED_IMPORTS))}")
    module = builtins.__import__(name, globals_, locals_, fromlist, level)
    for item in fromlist or ():
        guarded_getattr(module, item)
    return module


def _write_guard(obj: Any) -> Any:
    if isinstance(obj, ModuleType | type):
        raise TypeError("modules and classes cannot be changed")
    return obj


class _Printer:
    """print() for restricted code: collects text into a capped buffer."""

    def __init__(self, sink: list[str], cap: int) -> None:
        self.sink, self.cap = sink, cap

    def __call__(self, _getattr: Any = None) -> _Printer:
        return self

    def _call_print(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("file", None)
        text = kwargs.get("sep", " ").join(map(str, args)) + kwargs.get("end", "\n")
        used = sum(map(len, self.sink))
        if used < self.cap:
            self.sink.append(text[: self.cap - used])


def compile_learner_code(code: str, restricted: bool) -> CodeType:
    """Compile with RestrictedPython (layer 1) or plainly (layer 1 off, for the layer tests)."""
    if not restricted:
        return compile(code, FILENAME, "exec")
    result = compile_restricted_exec(code, filename=FILENAME)
    if result.errors:
        message = "\n".join(result.errors)
        if "SyntaxError" in message or "IndentationError" in message:
            raise SyntaxError(message)
        raise PolicyViolation(message)
    return result.code


def learner_globals(tables: dict[str, Any], restricted: bool, printed: list[str],
                    print_cap: int = 64 * 1024) -> dict[str, Any]:
    """The names learner code starts with: its tables, pd, np, math, and (restricted) the guards."""
    import numpy as np
    import pandas as pd

    names: dict[str, Any] = {"pd": pd, "np": np, "math": math, "result": None, **tables}
    if not restricted:
        return {"__builtins__": builtins, "__name__": "submission", **names}
    safe = dict(safe_builtins)
    safe.update({n: getattr(builtins, n) for n in _EXTRA_BUILTINS})
    safe.update({"__import__": guarded_import, "getattr": guarded_getattr,
                 "hasattr": lambda o, n: _hasattr(o, n)})
    for name in ("setattr", "delattr", "id", "hash"):
        safe.pop(name, None)
    printer = _Printer(printed, print_cap)
    return {
        "__builtins__": safe,
        "__name__": "submission",
        "__metaclass__": type,
        "_getattr_": guarded_getattr,
        "_getitem_": operator.getitem,
        "_getiter_": iter,
        "_write_": _write_guard,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_inplacevar_": _inplacevar,
        "_apply_": _apply,
        "_print_": printer,
        **names,
    }


def _hasattr(obj: Any, name: str) -> bool:
    try:
        guarded_getattr(obj, name)
    except AttributeError:
        return False
    return True


def _inplacevar(op: str, x: Any, y: Any) -> Any:
    try:
        return _INPLACE[op](x, y)
    except KeyError:
        raise PolicyViolation(f"operator {op} is not allowed") from None


def _apply(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)
