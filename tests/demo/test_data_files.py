"""Every demo data file loads through its schema; a row missing a field or naming one the schema does
not have is refused, with the file, the row and the field in the message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demo import accounts
from demo.data import SeedDataError, SeedRow, load
from matching import seed as matching_seed
from workflow import seed as workflow_seed

ROOT = Path(__file__).resolve().parents[2]

SCHEMAS: dict[str, type[SeedRow]] = {
    "services/demo/demo/organisations.json": accounts.DemoOrg,
    "services/demo/demo/users.json": accounts.DemoUser,
    "services/matching/matching/demo_data/providers.json": matching_seed.ProviderRow,
    "services/matching/matching/demo_data/products.json": matching_seed.ProductRow,
    "services/matching/matching/demo_data/batches.json": matching_seed.BatchRow,
    "services/matching/matching/demo_data/interests.json": matching_seed.InterestRow,
    "services/workflow/workflow/demo_data/challenges.json": workflow_seed.Scenario,
}


def test_every_data_file_has_a_schema() -> None:
    found = {str(p.relative_to(ROOT)) for p in ROOT.glob("services/demo/demo/*.json")}
    found |= {str(p.relative_to(ROOT)) for p in ROOT.glob("services/*/*/demo_data/*.json")}
    assert found == set(SCHEMAS)


@pytest.mark.parametrize("path", sorted(SCHEMAS))
def test_data_file_loads_through_its_schema(path: str) -> None:
    raw = json.loads((ROOT / path).read_text(encoding="utf-8"))
    rows = load(ROOT / path, SCHEMAS[path])
    assert len(rows) == len(raw) > 0
    # Nothing is dropped or defaulted on the way: the rows dump back to the file's objects.
    assert [row.model_dump(mode="json") for row in rows] == raw


def _first_row(path: str) -> dict[str, object]:
    row: dict[str, object] = json.loads((ROOT / path).read_text(encoding="utf-8"))[0]
    return row


@pytest.mark.parametrize("path", sorted(SCHEMAS))
def test_a_missing_field_is_refused(path: str, tmp_path: Path) -> None:
    row = _first_row(path)
    field = next(iter(row))
    del row[field]
    broken = tmp_path / Path(path).name
    broken.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SeedDataError, match=rf"(?s){broken.name}\[0\].*{field}\s+Field required"):
        load(broken, SCHEMAS[path])


@pytest.mark.parametrize("path", sorted(SCHEMAS))
def test_an_unknown_field_is_refused(path: str, tmp_path: Path) -> None:
    row = {**_first_row(path), "colour": "red"}
    broken = tmp_path / Path(path).name
    broken.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SeedDataError, match=rf"(?s){broken.name}\[0\].*colour\s+Extra inputs are not permitted"):
        load(broken, SCHEMAS[path])


def test_a_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "users.json"
    broken.write_text(json.dumps({"username": "admin"}), encoding="utf-8")
    with pytest.raises(SeedDataError, match=r"users\.json: expected a list of DemoUser objects"):
        load(broken, accounts.DemoUser)
