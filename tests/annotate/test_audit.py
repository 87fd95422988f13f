"""`cominer annotate audit`: the audit log as JSON Lines or CSV, whole or for one document."""

import csv
import json

import pytest
from annotatedocs import EN_ID, ZH_ID, fact_id, filled_store
from click.testing import CliRunner

from cominer.cli import main
from cominer.corrections import Corrections


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    with filled_store(tmp_path / "k.db") as store:
        corr = Corrections(store)
        corr.relabel(fact_id(store, ZH_ID, "社区居委会"), "community_committee", "ann")
        corr.reject(fact_id(store, EN_ID, "co-design"), "bob")
    return tmp_path / "k.db"


def test_audit_jsonl_to_stdout_has_who_when_and_the_fact_before_and_after(db):
    result = cli("annotate", "audit", "--db", db)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["action"], r["annotator"], r["doc_id"]) for r in rows] == \
        [("relabel", "ann", ZH_ID), ("reject", "bob", EN_ID)]
    assert rows[0]["before"]["label"] == "social_org"
    assert rows[0]["after"]["label"] == "community_committee"
    assert rows[1]["after"] is None and rows[1]["at"]


def test_audit_csv_file_for_one_document(db, tmp_path):
    out = tmp_path / "audit.csv"
    result = cli("annotate", "audit", "--db", db, "--output", out, "--doc", EN_ID)
    assert result.exit_code == 0 and "1 audit rows" in result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["action"], r["annotator"]) for r in rows] == [("reject", "bob")]
    assert json.loads(rows[0]["before"])["text"] == "co-design" and rows[0]["after"] == ""


def test_audit_of_a_missing_database_is_a_store_error(tmp_path):
    result = cli("annotate", "audit", "--db", tmp_path / "none.db")
    assert result.exit_code == 3 and "no such database" in result.output
