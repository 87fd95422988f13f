"""Round trips through Label Studio, doccano and brat: export, edit as an annotator, import.

The edits: relabel 社区居委会 (social_org -> community_committee), delete the second 企业,
add 社区基金 as social_org. Every span sits after 😀 and 𠀀, so a wrong unit shows.
"""

import copy
import json

import pytest
from annotatedocs import EN_ID, ZH_ID, ZH_TEXT, fact, filled_store, zh_facts, zh_write
from click.testing import CliRunner

from cominer.cli import main
from cominer.store import KnowledgeStore

ADDED = "社区基金"
SECOND_FIRM = ZH_TEXT.index("企业", ZH_TEXT.index("\n"))


def units(text: str, i: int) -> int:
    """UTF-16 offset of code point i, counted independently of cominer."""
    return len(text[:i].encode("utf-16-le")) // 2


@pytest.fixture
def db(tmp_path):
    filled_store(tmp_path / "k.db").close()
    return tmp_path / "k.db"


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def export(db, fmt, output, *extra):
    result = cli("annotate", "export", "--db", db, "--format", fmt, "--output", output, *extra)
    assert result.exit_code == 0, result.output
    return output


def search(db, *args):
    result = cli("search", "--db", db, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def state(db):
    """Every fact (label, text, start, source) and the audit log length."""
    facts = search(db, "--doc", ZH_ID, "--limit", "1000") + \
        search(db, "--doc", EN_ID, "--limit", "1000")
    history = cli("annotate", "audit", "--db", db).output.splitlines()
    return sorted((f["label"], f["text"], f["start"], f["source"]) for f in facts), len(history)


# -- how an annotator edits each format ------------------------------------------------------


def edit_label_studio(path):
    tasks = json.loads(path.read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["doc_id"] == ZH_ID)
    result = copy.deepcopy([r for p in task["predictions"] for r in p["result"]])
    kept = []
    for region in result:
        value = region["value"]
        if value["text"] == "社区居委会":
            value["labels"] = ["community_committee"]
        if (value["text"], value["start"]) == ("企业", SECOND_FIRM):
            continue  # deleted
        kept.append(region)
    start = ZH_TEXT.index(ADDED)
    kept.append({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": start, "end": start + len(ADDED), "text": ADDED,
                           "labels": ["social_org"]}})
    task["annotations"] = [{"id": 7, "completed_by": {"email": "ann@example.org"},
                            "result": kept, "was_cancelled": False,
                            "created_at": "2026-01-01T00:00:00Z"}]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


def edit_doccano(path):
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    line = next(row for row in lines if row["doc_id"] == ZH_ID)
    labels = []
    for start, end, label in line["label"]:
        if label == "social_org":
            label = "community_committee"
        if start == units(ZH_TEXT, SECOND_FIRM):
            continue
        labels.append([start, end, label])
    at = ZH_TEXT.index(ADDED)
    labels.append([units(ZH_TEXT, at), units(ZH_TEXT, at + len(ADDED)), "social_org"])
    line["label"] = labels
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in lines),
                    encoding="utf-8")


def edit_brat(folder):
    ann = folder / f"{ZH_ID}.ann"
    lines = ann.read_text(encoding="utf-8").splitlines()
    second = next(line.split("\t")[0] for line in lines
                  if line.startswith("T") and f" {SECOND_FIRM} " in line)
    edited = []
    for line in lines:
        if line.split("\t")[0] == second or f"\tAnnotatorNotes {second}\t" in line:
            continue  # the deleted span and its note
        edited.append(line.replace("\tsocial_org ", "\tcommunity_committee "))
    at = ZH_TEXT.index(ADDED)
    edited.append(f"T99\tsocial_org {at} {at + len(ADDED)}\t{ADDED}")
    ann.write_text("\n".join(edited) + "\n", encoding="utf-8")


FORMATS = [("label-studio", "tasks.json", edit_label_studio),
           ("doccano", "tasks.jsonl", edit_doccano),
           ("brat", "tasks", edit_brat)]


@pytest.mark.parametrize("fmt, name, edit", FORMATS, ids=[f[0] for f in FORMATS])
def test_round_trip_shows_the_corrections_in_the_store_and_search(db, tmp_path, fmt, name,
                                                                  edit):
    path = export(db, fmt, tmp_path / name)
    edit(path)
    result = cli("annotate", "import", path, "--format", fmt, "--annotator", "ann",
                 "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 relabel" in result.output and "1 reject" in result.output \
        and "1 add" in result.output

    relabelled = search(db, "社区居委会")
    assert [(f["label"], f["source"], f["annotator"]) for f in relabelled] == \
        [("community_committee", "human", "ann")]
    firms = search(db, "--label", "enterprise", "--doc", ZH_ID)
    assert [f["start"] for f in firms] == [ZH_TEXT.index("企业")]
    added = search(db, ADDED, "--label", "social_org")
    assert [(f["start"], f["source"]) for f in added] == [(ZH_TEXT.index(ADDED), "human")]
    assert ZH_TEXT[added[0]["start"]:added[0]["end"]] == ADDED
    # The rest of the document was confirmed: human facts now, the model rows in the log.
    assert {f["source"] for f in search(db, "--doc", ZH_ID)} == {"human"}
    assert cli("check", "--db", db).exit_code == 0

    before = state(db)
    again = cli("annotate", "import", path, "--format", fmt, "--annotator", "ann",
                "--db", db)
    assert again.exit_code == 0, again.output
    assert "0 accept, 0 relabel, 0 resize, 0 reject, 0 add" in again.output
    assert state(db) == before


def test_export_selects_documents_and_labels(db, tmp_path):
    path = export(db, "label-studio", tmp_path / "t.json", "--type", "stage", "--lang", "en")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    assert [t["data"]["doc_id"] for t in tasks] == [EN_ID]
    assert [r["value"]["text"] for p in tasks[0]["predictions"] for r in p["result"]] == \
        ["co-design"]
    config = (tmp_path / "t.label_config.xml").read_text(encoding="utf-8")
    assert '<Label value="design"' in config and "government" not in config
    path = export(db, "doccano", tmp_path / "q.jsonl", "志愿者")
    assert [json.loads(line)["doc_id"] for line in path.read_text().splitlines()] == [ZH_ID]
    path = export(db, "brat", tmp_path / "b", "--doc", EN_ID, "--label", "government")
    assert (path / f"{EN_ID}.ann").read_text().count("\tgovernment ") == 1
    assert "\tgovernment" in (path / "annotation.conf").read_text()


def test_label_studio_predictions_carry_score_and_model_version(db, tmp_path):
    tasks = json.loads(export(db, "label-studio", tmp_path / "t.json").read_text())
    zh = next(t for t in tasks if t["data"]["doc_id"] == ZH_ID)
    [prediction] = zh["predictions"]
    assert prediction["model_version"] == "x1" and prediction["score"] == 0.4
    region = next(r for r in prediction["result"] if r["value"]["text"] == "志愿者")
    start = ZH_TEXT.index("志愿者")
    assert (region["value"]["start"], region["score"]) == (start, 0.8)  # code points


def test_doccano_and_brat_offsets_follow_each_tool(db, tmp_path):
    start = ZH_TEXT.index("志愿者")
    line = next(json.loads(row) for row in
                export(db, "doccano", tmp_path / "t.jsonl").read_text().splitlines()
                if json.loads(row)["doc_id"] == ZH_ID)
    assert [units(ZH_TEXT, start), units(ZH_TEXT, start + 3), "volunteer"] in line["label"]
    assert units(ZH_TEXT, start) == start + 2  # after 😀 and 𠀀
    folder = export(db, "brat", tmp_path / "b")
    assert f"volunteer {start} {start + 3}\t志愿者" in (folder / f"{ZH_ID}.ann").read_text()
    assert (folder / f"{ZH_ID}.txt").read_bytes() == ZH_TEXT.encode()


def test_spans_counted_in_utf16_by_an_older_tool_are_converted(db, tmp_path):
    folder = export(db, "brat", tmp_path / "b", "--doc", ZH_ID)
    ann = folder / f"{ZH_ID}.ann"
    at = ZH_TEXT.index(ADDED)
    # brat's web client counts 😀 and 𠀀 as two characters each.
    ann.write_text(ann.read_text() + f"T99\tsocial_org {at + 2} {at + 6}\t{ADDED}\n")
    result = cli("annotate", "import", folder, "--format", "brat", "--annotator", "ann",
                 "--db", db)
    assert result.exit_code == 0, result.output
    assert [f["start"] for f in search(db, ADDED, "--label", "social_org")] == [at]


def test_un_annotated_label_studio_tasks_change_nothing(db, tmp_path):
    path = export(db, "label-studio", tmp_path / "t.json")
    before = state(db)
    result = cli("annotate", "import", path, "--format", "label-studio", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 0 and "0 of 2 tasks annotated" in result.output
    assert state(db) == before


def test_label_studio_annotator_comes_from_the_file(db, tmp_path):
    path = export(db, "label-studio", tmp_path / "t.json", "--doc", EN_ID)
    tasks = json.loads(path.read_text())
    tasks[0]["annotations"] = [{"completed_by": 3, "result": [], "was_cancelled": False}]
    path.write_text(json.dumps(tasks))
    assert cli("annotate", "import", path, "--format", "label-studio", "--db", db).exit_code == 0
    assert search(db, "--doc", EN_ID) == []  # every pre-annotation deleted: all rejected
    audit = [json.loads(line) for line in cli("annotate", "audit", "--db", db).output.split("\n")
             if line]
    assert {(r["action"], r["annotator"]) for r in audit} == {("reject", "label-studio-user-3")}


def test_two_facts_on_one_span_survive_an_unedited_round_trip(tmp_path):
    # One clause, two rates: same span and label, different attributes.
    clause = "将年利润的2%~5%捐赠给社区基金"
    twin = fact(ZH_TEXT, clause, "rate", "profit_share", 0.5, min=0.02, max=0.02)
    with KnowledgeStore(tmp_path / "k.db") as store:
        run = store.start_run(cleaner_version="c", extractor_version="x", config_hash="h",
                              args={})
        store.write_batch([zh_write(facts=[*zh_facts(), twin])], run)
    db = tmp_path / "k.db"
    path = export(db, "doccano", tmp_path / "t.jsonl")
    first = cli("annotate", "import", path, "--format", "doccano", "--annotator", "a",
                "--db", db)
    assert "8 accept, 0 relabel, 0 resize, 0 reject, 0 add" in first.output, first.output
    rates = search(db, "--label", "profit_share")
    assert sorted(f["attrs"]["max"] for f in rates) == [0.02, 0.05]
    assert {f["source"] for f in rates} == {"human"} and len(rates) == 2
    again = cli("annotate", "import", path, "--format", "doccano", "--annotator", "a",
                "--db", db)
    assert "0 accept, 0 relabel, 0 resize, 0 reject, 0 add, 8 unchanged" in again.output


def test_label_studio_json_min_export_is_read(db, tmp_path):
    start = ZH_TEXT.index(ADDED)
    path = tmp_path / "min.json"
    path.write_text(json.dumps([{
        "text": ZH_TEXT, "doc_id": ZH_ID, "annotator": "min@example.org",
        "label": [{"start": start, "end": start + 4, "text": ADDED, "labels": ["social_org"]}],
    }], ensure_ascii=False), encoding="utf-8")
    result = cli("annotate", "import", path, "--format", "label-studio", "--db", db)
    assert result.exit_code == 0, result.output
    # No pre-annotations in the file: the document's facts were what the annotator saw.
    assert "7 reject, 1 add" in result.output
    assert [(f["text"], f["annotator"]) for f in search(db, "--doc", ZH_ID)] == \
        [(ADDED, "min@example.org")]


def test_doccano_entities_and_nested_metadata_are_read(db, tmp_path):
    path = export(db, "doccano", tmp_path / "t.jsonl", "--doc", EN_ID)
    row = json.loads(path.read_text(encoding="utf-8"))
    # A newer doccano: entities as objects, our fields kept under `meta` (cominer as text).
    entities = [{"id": n, "start_offset": s, "end_offset": e, "label": "party" if n == 0 else lab}
                for n, (s, e, lab) in enumerate(row["label"])]
    newer = {"id": 5, "text": row["text"], "entities": entities, "relations": [],
             "meta": {"doc_id": row["doc_id"], "cominer": json.dumps(row["cominer"])}}
    path.write_text(json.dumps(newer, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("annotate", "import", path, "--format", "doccano", "--annotator", "d",
                 "--db", db)
    assert result.exit_code == 0, result.output
    assert "3 accept, 1 relabel" in result.output
    assert [f["text"] for f in search(db, "--label", "party")] == ["council"]
