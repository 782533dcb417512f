"""Uploading a CSV or Parquet file as a dataset: inferred types, clean names, versions, and nothing half-imported."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import data
from catalog.models import Dataset
from submissions.grading import grade_stored
from submissions.models import Submission
from tests.factories import make_problem

pytestmark = pytest.mark.django_db

PRICES_CSV = (b"Trade Date,Ticker,Close Px,Volume,select\n"
              b"2036-01-02,ZAAA,10.5,100,x\n2036-01-03,ZAAA,11.25,200,y\n2036-01-03,ZBBB,7,50,z\n")


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    # The site's profile folder exists on a real server; the sandbox binds it (and needs it to exist).
    (tmp_path / settings.DATA_PROFILE).mkdir()
    return tmp_path


def post(client, name: str, content: bytes, **fields):
    return client.post(reverse("datamgmt:upload"), {"file": SimpleUploadedFile(name, content), **fields})


def files_under(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.name.startswith("."))


def parquet_bytes() -> bytes:
    table = pa.table({"fund": ["ZF1", "ZF2"], "nav": [10.25, 9.5], "flows": pa.array([3, -2], pa.int32())})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def test_an_uploaded_csv_becomes_a_dataset_with_inferred_types(client, admin, upload_dir):
    response = post(client, "prices.csv", PRICES_CSV, title="Closing prices")
    dataset = Dataset.objects.get(pk="U01")
    assert response.status_code == 302
    assert response["Location"] == reverse("datamgmt:dataset_detail", args=["U01"])
    assert (dataset.title, dataset.source, dataset.upload_version) == ("Closing prices", "upload", 1)
    [table] = dataset.tables
    assert table["name"] == "prices"
    assert table["rows"] == 3
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("trade_date", "DATE"), ("ticker", "VARCHAR"), ("close_px", "DOUBLE"), ("volume", "BIGINT"),
        ("select_", "VARCHAR")]
    assert (upload_dir / dataset.upload_path).is_file()
    assert len(dataset.version_hash) == 64


def test_column_names_are_sanitised_and_the_original_is_kept_in_the_meaning(client, admin, upload_dir):
    post(client, "odd names.csv", b"Close Px,Close-Px,1st,\xc3\xa9t\xc3\xa9,%\n1,2,3,4,5\n", title="Odd")
    [table] = Dataset.objects.get(pk="U01").tables
    assert table["name"] == "odd_names"
    assert [c["name"] for c in table["columns"]] == ["close_px", "close_px_2", "c_1st", "ete", "column_5"]
    assert table["columns"][0]["meaning"] == "Column “Close Px” of the file."


def test_an_uploaded_parquet_file_keeps_its_types(client, admin, upload_dir):
    post(client, "navs.parquet", parquet_bytes(), title="NAVs", table="fund_navs")
    [table] = Dataset.objects.get(pk="U01").tables
    assert table["name"] == "fund_navs"
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("fund", "VARCHAR"), ("nav", "DOUBLE"), ("flows", "INTEGER")]


MALFORMED = {"a long row": b"a,b\n1,2\n3,4,5,6\n7,8\n", "a long last row": b"a,b\n1,2\n3,4,5\n",
             "short rows": b"a,b,c\n1,2\n3,4\n5,6\n7,8\n", "an open quote": b'a,b\n1,2\n3,"open\n'}


@pytest.mark.parametrize("content", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_csv_is_refused_clearly_and_leaves_nothing_behind(client, admin, upload_dir, content):
    response = post(client, "ragged.csv", content, title="Ragged")
    assert response.status_code == 422
    assert "is not a well-formed CSV file" in response.content.decode()
    assert not Dataset.objects.filter(source="upload").exists()
    assert files_under(upload_dir) == []


def test_a_file_that_is_not_parquet_is_refused(client, admin, upload_dir):
    response = post(client, "fake.parquet", b"not,parquet\n1,2\n", title="Fake")
    assert response.status_code == 422
    assert "is not a readable Parquet file" in response.content.decode()
    assert files_under(upload_dir) == []


def test_a_file_over_the_size_limit_is_refused(client, admin, upload_dir, settings):
    settings.DATASET_UPLOAD_MAX_BYTES = 1024 * 1024
    response = post(client, "big.csv", b"x\n" + b"1\n" * 600_000, title="Big")
    assert response.status_code == 422
    assert "uploads are limited to 1 MB" in response.content.decode()
    assert not Dataset.objects.filter(source="upload").exists()
    assert files_under(upload_dir) == []


def test_an_unknown_file_type_and_a_missing_title_are_refused(client, admin, upload_dir):
    assert "neither a CSV" in post(client, "notes.xlsx", b"PK", title="X").content.decode()
    assert "A new dataset needs a title" in post(client, "a.csv", b"a\n1\n").content.decode()
    assert not Dataset.objects.filter(source="upload").exists()


def test_a_new_upload_of_the_same_dataset_is_its_next_version(client, admin, upload_dir):
    post(client, "prices.csv", PRICES_CSV, title="Closing prices")
    first = Dataset.objects.get(pk="U01")
    post(client, "prices.csv", PRICES_CSV + b"2036-01-04,ZBBB,7.5,60,w\n", replaces="U01")
    second = Dataset.objects.get(pk="U01")
    assert second.upload_version == 2
    assert second.tables[0]["rows"] == 4
    assert second.version_hash != first.version_hash
    assert (upload_dir / first.upload_path).is_file(), "the old version stays for what was graded on it"
    assert Dataset.objects.filter(source="upload").count() == 1


def test_new_datasets_get_the_next_free_id(client, admin, upload_dir):
    post(client, "a.csv", b"a\n1\n", title="A")
    post(client, "b.csv", b"b\n2\n", title="B")
    assert list(Dataset.objects.filter(source="upload").values_list("id", flat=True)) == ["U01", "U02"]


def test_a_table_of_an_uploaded_dataset_can_be_previewed(client, admin, upload_dir):
    post(client, "prices.csv", PRICES_CSV, title="Closing prices")
    response = client.get(reverse("catalog:table_preview", args=["U01", "prices"]))
    assert response.status_code == 200
    assert b"ZBBB" in response.content


def test_a_problem_on_an_uploaded_dataset_is_graded_on_its_visible_data(client, admin, upload_dir):
    post(client, "prices.csv", PRICES_CSV, title="Closing prices")
    dataset = Dataset.objects.get(pk="U01")
    assert [v.variant for v in data.dataset_variants("U01")] == [0]
    problem = make_problem(dataset, solution_sql="SELECT ticker, COUNT(*) AS n FROM prices GROUP BY ticker "
                                                 "ORDER BY ticker")
    submission = Submission.objects.create(learner=admin, problem=problem, language="sql",
                                           code="SELECT ticker, COUNT(*) AS n FROM prices GROUP BY 1 ORDER BY 1")
    assert grade_stored(submission.pk) == "ACCEPTED"
    submission.refresh_from_db()
    assert submission.dataset_hashes == {"0": dataset.version_hash}


def test_an_uploaded_dataset_is_labelled_uploaded_not_simulated(client, admin, upload_dir):
    post(client, "prices.csv", PRICES_CSV, title="Closing prices")
    page = client.get(reverse("catalog:dataset_detail", args=["U01"])).content.decode()
    heading = page[page.index("<h1>"):page.index("</h1>")]
    assert 'class="pill uploaded"' in heading
    assert "simulated" not in heading
