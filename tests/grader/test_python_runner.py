"""Layer 1 (RestrictedPython) and the Python runner, in-process: results, errors and refusals."""

import pandas as pd
import pytest

from grader import Limits, Verdict
from grader.python_runner import run_python

TABLES = {"px": pd.DataFrame({"ticker": ["ZAAA", "ZAAA", "ZBBB"], "close": [10.0, 9.0, 20.0]})}


def run(code, restricted=True, **limits):
    return run_python(code, TABLES, Limits(**limits) if limits else Limits(), restricted=restricted)


def test_tables_arrive_as_dataframes_and_result_becomes_a_table():
    result = run("result = px.groupby('ticker', as_index=False)['close'].max()")
    assert result.ok
    assert result.table.columns == ("ticker", "close")
    assert sorted(result.table.rows) == [("ZAAA", 10.0), ("ZBBB", 20.0)]


def test_a_scalar_result_is_a_one_cell_table():
    assert run("result = float(px['close'].sum())").table.rows == ((39.0,),)


def test_allowed_imports_work():
    assert run("import numpy as np\nimport math\nresult = math.floor(np.mean([1, 2]))").ok


def test_a_missing_result_says_what_to_set():
    result = run("x = 1")
    assert result.status == Verdict.ERROR
    assert "`result`" in result.error


def test_a_learners_error_points_at_their_own_line():
    result = run("a = 1\nb = 2\nc = a / 0\nresult = c")
    assert result.status == Verdict.ERROR
    assert "line 3" in result.error
    assert "ZeroDivisionError" in result.error
    assert "grader" not in result.error  # no frames of ours


def test_a_syntax_error_is_the_learners_error():
    result = run("result = (1 +")
    assert result.status == Verdict.ERROR
    assert "SyntaxError" in result.error


@pytest.mark.parametrize(
    "code",
    [
        "import os\nresult = 1",
        "import pandas.io.common\nresult = 1",
        "result = ().__class__.__bases__[0].__subclasses__()",
        "result = px.__dict__",
        "result = pd.read_csv('/etc/passwd')",
        "px.to_csv('/tmp/x.csv')\nresult = 1",
        "result = np.load('/tmp/x.npy')",
        "result = px.eval('close * 2')",
        "pd.read_csv = None\nresult = 1",
        "result = getattr(px, '__class__')",
    ],
)
def test_layer_1_refuses_dunders_files_and_foreign_imports(code):
    result = run(code)
    assert result.status in (Verdict.REJECTED, Verdict.ERROR)
    assert not result.ok


def test_print_output_does_not_break_the_result():
    assert run("print('hello')\nresult = 1").ok


def test_rows_beyond_the_cap_are_cut_and_flagged():
    result = run("result = pd.DataFrame({'i': range(100)})", max_rows=10, display_rows=5)
    assert result.truncated
    assert len(result.table.rows) == 10


def test_deep_recursion_is_an_error_not_a_crash():
    result = run("def f(n):\n    return f(n + 1)\nresult = f(0)")
    assert result.status == Verdict.ERROR
    assert "RecursionError" in result.error


def test_without_layer_1_the_same_code_runs_plainly():
    assert run("import os\nresult = 1", restricted=False).ok


def test_ndarray_reductions_work_in_learner_code():
    # numpy imports their helpers lazily through the caller's __import__, which is guarded here.
    result = run_python("import numpy as np\nresult = float(np.arange(5).mean() + np.arange(5.0).std())", {})
    assert result.ok, result.error


@pytest.mark.parametrize(
    "code",
    [
        "px.apply('to_csv', path_or_buf='/tmp/x.csv')",
        "px.agg({'close': 'to_csv'})",
        "px.aggregate(func=['sum', 'to_pickle'])",
        "px['close'].transform('to_json')",
        "pd.DataFrame.apply(px, 'to_csv')",
        "px.groupby('ticker').agg('__class__')",
    ],
)
def test_a_method_named_in_a_string_is_refused_like_one_written_out(code):
    # pandas looks these names up itself, where guarded_getattr never sees them.
    result = run(code + "\nresult = 1")
    assert result.status == Verdict.ERROR
    assert "is not available here" in result.error


def test_functions_named_in_strings_and_columns_that_look_like_methods_still_work():
    tables = {"px": TABLES["px"].assign(load_mw=[1.0, 2.0, 3.0])}
    code = ("a = px.groupby('ticker').agg(peak=('load_mw', 'max'), n=('close', 'count'))\n"
            "b = px[['close', 'load_mw']].agg(['sum', 'mean'])\n"
            "result = float(a['peak'].sum() + b.loc['sum', 'close'] + px['close'].transform('cumsum').iloc[-1])")
    result = run_python(code, tables)
    assert result.ok, result.error
    assert result.table.rows == ((5.0 + 39.0 + 39.0,),)
