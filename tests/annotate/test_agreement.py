"""Agreement between two annotators, against figures worked out by hand.

Two documents of ten letters each (every character one kappa decision, 20 in all):

    doc-1 "AAAABBBBCC"   A: government [0,4)  enterprise [4,8)
                         B: government [0,4)  enterprise [5,8)  design [8,10)
    doc-2 "XXXXXXXXXX"   A: design [2,5)      B: delivery [2,5)

government: both agree on 4 characters, none elsewhere -> F1 1, kappa 1.
enterprise: no exact match, overlapping -> exact F1 0, overlap F1 1; characters 3 both,
  1 A only, 16 neither: po = .95, pe = .2*.15 + .8*.85 = .71, kappa = .24/.29.
design: different documents -> F1 0; characters 3 A only, 2 B only, 15 neither:
  po = .75, pe = .15*.1 + .85*.9 = .78, kappa = -.03/.22.
delivery: only B, 3 characters: po = .85, pe = .85 -> kappa 0.
all: exact 1 of A's 3 and B's 4 -> P 1/4, R 1/3, F1 2/7; overlapping P 2/4, R 2/3, F1 4/7;
  per character 14 of 20 agree (po .7), pe = .2*.2 + .2*.15 + .15*.1 + .45*.4 = .265,
  kappa = .435/.735.
"""

import json

import pytest
from annotatedocs import EN_ID, fact_id, filled_store
from click.testing import CliRunner

from cominer.cli import main
from cominer.corrections import Corrections

DOC1, DOC2 = "AAAABBBBCC", "XXXXXXXXXX"
EXPECTED = {  # label: (A, B, both, exact P, R, F1, overlap P, R, F1, kappa)
    "government": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "enterprise": (1, 1, 0, 0, 0, 0, 1, 1, 1, .24 / .29),
    "design": (1, 1, 0, 0, 0, 0, 0, 0, 0, -.03 / .22),
    "delivery": (0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    "all": (3, 4, 1, 1 / 4, 1 / 3, 2 / 7, 2 / 4, 2 / 3, 4 / 7, .435 / .735),
}
FIELDS = ("a", "b", "exact", "exact_p", "exact_r", "exact_f1", "overlap_p", "overlap_r",
          "overlap_f1", "kappa")


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.jsonl"  # annotator A in doccano
    a.write_text("\n".join(json.dumps(row) for row in [
        {"text": DOC1, "doc_id": "doc-1", "label": [[0, 4, "government"], [4, 8, "enterprise"]]},
        {"text": DOC2, "doc_id": "doc-2", "label": [[2, 5, "design"]]},
        {"text": DOC2, "doc_id": "doc-3", "label": [[0, 9, "policy"]]},
    ]) + "\n")
    b = tmp_path / "b.json"  # annotator B in Label Studio

    def region(start, end, label, text):
        return {"type": "labels", "value": {"start": start, "end": end, "labels": [label],
                                            "text": text[start:end]}}

    b.write_text(json.dumps([
        {"data": {"text": DOC1, "doc_id": "doc-1"}, "annotations": [{"result": [
            region(0, 4, "government", DOC1), region(5, 8, "enterprise", DOC1),
            region(8, 10, "design", DOC1)]}]},
        {"data": {"text": DOC2, "doc_id": "doc-2"}, "annotations": [{"result": [
            region(2, 5, "delivery", DOC2)]}]},
        # Not annotated by B: only the pre-annotations, which must not count as B's labels.
        {"data": {"text": DOC2, "doc_id": "doc-3"}, "predictions": [{"result": [
            region(0, 9, "policy", DOC2)]}]},
    ]))
    return a, b


def test_figures_match_the_hand_computed_ones(files):
    a, b = files
    result = cli("annotate", "agreement", a, b, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 2 and report["only_a"] == ["doc-3"]
    rows = {row["label"]: row for row in report["labels"]}
    assert set(rows) == set(EXPECTED)
    for label, figures in EXPECTED.items():
        assert [rows[label][f] for f in FIELDS] == pytest.approx(list(figures), abs=1e-9), label
    kinds = [(d["doc"], d["kind"]) for d in report["disagreements"]]
    assert kinds == [("doc-1", "boundary"), ("doc-1", "only B"), ("doc-2", "label")]


def test_the_table_lists_labels_and_disagreements(files):
    a, b = files
    result = cli("annotate", "agreement", a, b)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    enterprise = next(line for line in lines if line.startswith("enterprise"))
    assert enterprise.split() == ["enterprise", "1", "1", "0", "0.00", "0.00", "0.00", "1.00",
                                  "1.00", "1.00", "0.83"]
    assert "disagreements: 3" in result.output
    assert "  doc-2  label     A design [2,5) 'XXX'  |  B delivery [2,5) 'XXX'" \
        in result.output


def test_files_with_no_document_in_common_are_an_error(files, tmp_path):
    a, _ = files
    other = tmp_path / "o.jsonl"
    other.write_text(json.dumps({"text": "zzz", "doc_id": "doc-9", "label": []}) + "\n")
    result = cli("annotate", "agreement", a, other)
    assert result.exit_code == 1 and "no document in common" in result.output


def test_agreement_between_annotators_in_the_store(tmp_path):
    with filled_store(tmp_path / "k.db") as store:
        corr = Corrections(store)
        council = fact_id(store, EN_ID, "council")
        corr.accept(council, "ann")
        corr.accept(fact_id(store, EN_ID, "local charities"), "ann")
        corr.relabel(fact_id(store, EN_ID, "council"), "party", "bob")  # bob changes ann's
        corr.accept(fact_id(store, EN_ID, "local charities"), "bob")  # a human fact: no-op
        corr.reject(fact_id(store, EN_ID, "co-design"), "bob")
    result = cli("annotate", "agreement", "ann", "bob", "--db", tmp_path / "k.db", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = {row["label"]: row for row in report["labels"]}
    # ann's judgement survives bob's later relabel: council is government for ann.
    assert (rows["government"]["a"], rows["government"]["b"]) == (1, 0)
    assert (rows["party"]["a"], rows["party"]["b"]) == (0, 1)
    assert [(d["kind"], d["a"]["label"], d["b"]["label"]) for d in report["disagreements"]] \
        == [("label", "government", "party")]
    result = cli("annotate", "agreement", "ann", "nobody", "--db", tmp_path / "k.db")
    assert result.exit_code == 1 and "'nobody' has no corrections" in result.output
