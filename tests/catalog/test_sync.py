"""sync_problems: the dictionary, the built manifest and the problem files end up in the database."""

import pytest

from catalog.models import Dataset, Problem
from problems import load_all
from tests.factories import sync_catalog

pytestmark = pytest.mark.django_db


def test_sync_loads_every_problem_and_records_dataset_hashes(data_settings):
    sync_catalog()
    assert set(Problem.objects.values_list("id", flat=True)) == {s.id for s in load_all()}
    d02 = Dataset.objects.get(id="D02")
    assert set(d02.variant_hashes) == {"0", "1", "2"}
    assert len(set(d02.variant_hashes.values())) == 3
    assert all(t["columns"] for t in d02.tables)


def test_a_problem_whose_folder_is_gone_is_unpublished_not_deleted(data_settings, tmp_path):
    sync_catalog()
    from catalog.sync import sync_problems

    report = sync_problems(tmp_path)  # an empty problems folder
    assert report.unpublished == Problem.objects.count()
    assert not Problem.objects.filter(is_published=True).exists()
