"""Exports round-trip: export → load with pandas / pyarrow / datasets → the same rows."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.export import COLUMNS, ExportError, data_card, export_table, iter_records
from cominer.pipeline import run_sources
from cominer.store import KnowledgeStore


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, samples_dir):
    from cominer.config import Settings

    db = tmp_path_factory.mktemp("export") / "k.db"
    store = KnowledgeStore(db)
    paths = [samples_dir / name for name in ("zh_hant_chengdu.html", "ru_nko_fond.html",
                                             "en_abstracts.html")]
    run_sources(paths, store, Settings())
    yield store
    store.close()


def expected(store, what):
    return list(iter_records(store, what))


def normalise(record, what):
    """Loaded row → record: JSON text decoded, NaN → None, numpy scalars → Python."""
    out = {}
    for column in COLUMNS[what]:
        value = record[column.name]
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, float) and value != value:
            value = None
        if column.kind == "json" and isinstance(value, str):
            value = json.loads(value)
        out[column.name] = value
    return out


@pytest.mark.parametrize("what", ["facts", "documents"])
def test_jsonl_round_trip(demo_store, tmp_path, what):
    out = tmp_path / f"{what}.jsonl"
    report = export_table(demo_store, what=what, format="jsonl", output=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == expected(demo_store, what) and report.rows == len(rows) > 0
    frame = pd.read_json(out, lines=True, dtype=False)
    assert len(frame) == len(rows) and list(frame.columns) == [c.name for c in COLUMNS[what]]


@pytest.mark.parametrize("what", ["facts", "documents"])
def test_csv_round_trip_with_pandas(demo_store, tmp_path, what):
    out = tmp_path / f"{what}.csv"
    export_table(demo_store, what=what, format="csv", output=out)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    want = expected(demo_store, what)
    assert len(frame) == len(want)
    for row, record in zip(frame.to_dict("records"), want, strict=True):
        for column in COLUMNS[what]:
            value = record[column.name]
            if column.kind in ("json", "list"):
                assert json.loads(row[column.name]) == (value if value is not None else {})
            elif value is None:
                assert row[column.name] == ""
            elif column.kind == "int":
                assert int(row[column.name]) == value
            elif column.kind == "float":
                assert float(row[column.name]) == value
            else:
                assert row[column.name] == value


@pytest.mark.parametrize("what", ["facts", "documents"])
def test_parquet_round_trip(demo_store, tmp_path, what):
    import pyarrow.parquet as pq

    out = tmp_path / f"{what}.parquet"
    export_table(demo_store, what=what, format="parquet", output=out)
    table = pq.read_table(out)
    assert [normalise(r, what) for r in table.to_pylist()] == expected(demo_store, what)
    frame = pd.read_parquet(out)
    assert [normalise(r, what) for r in frame.to_dict("records")] == expected(demo_store, what)


@pytest.mark.parametrize("what", ["facts", "documents"])
def test_hf_dataset_round_trip_with_a_data_card(demo_store, tmp_path, what):
    import datasets

    out = tmp_path / f"{what}-hf"
    export_table(demo_store, what=what, format="hf", output=out)
    loaded = datasets.load_from_disk(str(out))
    assert [normalise(r, what) for r in loaded] == expected(demo_store, what)
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Schema" in card and "## Label set" in card and "## Counts" in card
    for column in COLUMNS[what]:
        assert f"`{column.name}`" in card
    assert f"{len(loaded)} rows" in card


def test_data_card_counts_labels():
    records = [{"type": "rate", "label": "profit_share", "lang": "zh"},
               {"type": "rate", "label": "profit_share", "lang": "ru"},
               {"type": "actor", "label": "enterprise", "lang": "zh"}]
    card = data_card(records, "facts")
    assert "| rate | `profit_share` | 2 |" in card
    assert "| actor | `design` |" not in card and "| stage | `design` | 0 |" in card
    assert "| rate | 1 | 1 | 2 |" in card  # ru zh total


def test_bad_requests(demo_store, tmp_path):
    with pytest.raises(ExportError, match="--output"):
        export_table(demo_store, what="facts", format="parquet", output=None)
    with pytest.raises(ExportError, match="format"):
        export_table(demo_store, what="facts", format="xlsx", output=tmp_path / "x")
    with pytest.raises(ExportError, match="what"):
        list(iter_records(demo_store, "runs"))


def test_cli_export(demo_store, tmp_path):
    db = demo_store.path
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--db", db])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("fact_id,doc_id,type,label")
    out = tmp_path / "docs.parquet"
    result = CliRunner().invoke(main, ["export", "--format", "parquet", "--what", "documents",
                                       "--output", str(out), "--db", db])
    assert result.exit_code == 0 and out.exists()
    assert len(pd.read_parquet(out)) == 3
    result = CliRunner().invoke(main, ["export", "--format", "hf", "--db", db])
    assert result.exit_code == 2 and "--output" in result.output
