"""A bad annotation file is refused whole, naming its first bad record; the store is untouched."""

import json
import re

import pytest
from annotatedocs import EN_ID, ZH_ID, ZH_TEXT, filled_store
from click.testing import CliRunner

from cominer.cli import main


@pytest.fixture
def db(tmp_path):
    filled_store(tmp_path / "k.db").close()
    return tmp_path / "k.db"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def snapshot(db):
    facts = json.loads(cli("search", "--db", db, "--json", "--doc", ZH_ID, "--limit",
                           "1000").output)
    facts += json.loads(cli("search", "--db", db, "--json", "--doc", EN_ID, "--limit",
                            "1000").output)
    audit = cli("annotate", "audit", "--db", db).output
    return sorted((f["fact_id"], f["label"], f["start"], f["source"]) for f in facts), audit


def ls_tasks(db, tmp_path):
    """A Label Studio export where both tasks were annotated (all pre-annotations kept)."""
    path = tmp_path / "t.json"
    assert cli("annotate", "export", "--db", db, "--format", "label-studio", "--output",
               path).exit_code == 0
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:
        task["annotations"] = [{"id": 1, "result": json.loads(json.dumps(
            [r for p in task["predictions"] for r in p["result"]])), "was_cancelled": False}]
    return path, tasks


def zh_region(tasks):
    """The first region of the Chinese task's annotation (task 1 is the Chinese one)."""
    assert tasks[0]["data"]["doc_id"] == ZH_ID
    return tasks[0]["annotations"][0]["result"][0]


def spoil_label(tasks):
    tasks[1]["annotations"][0]["result"][1]["value"]["labels"] = ["villain"]
    return "task 2 .*annotation 1, result 2: label 'villain' is not in the label set"


def spoil_quote(tasks):
    tasks[1]["annotations"][0]["result"][0]["value"]["text"] = "mayor"
    return "task 2 .*result 1: span text 'mayor' does not match"


def spoil_offsets(tasks):
    tasks[1]["annotations"][0]["result"][0]["value"]["end"] = 10_000
    return r"task 2 .*result 1: span \[\d+, 10000\) is not inside the text"


def spoil_document(tasks):
    tasks[1]["data"]["doc_id"] = "f" * 64
    return "task 2: document f{64} is not in the store"


def spoil_text(tasks):
    tasks[1]["data"]["text"] += " (edited)"
    return "task 2: the text differs from stored document"


def spoil_label_set(tasks):
    tasks[1]["data"]["cominer_labels"] = ["design"]
    return "task 2 .*result 1: label 'government' is not in the label set \\(design\\)"


@pytest.mark.parametrize("spoil", [spoil_label, spoil_quote, spoil_offsets, spoil_document,
                                   spoil_text, spoil_label_set])
def test_a_bad_label_studio_record_rejects_the_whole_file(db, tmp_path, spoil):
    path, tasks = ls_tasks(db, tmp_path)
    zh_region(tasks)["value"]["labels"] = ["party"]  # a good change in task 1
    message = spoil(tasks)
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    before = snapshot(db)
    result = cli("annotate", "import", path, "--format", "label-studio", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 1
    assert f"{path}: " in result.output
    assert re.search(message, result.output), result.output
    assert "nothing imported" in result.output
    assert snapshot(db) == before


def test_a_good_label_studio_file_passes_the_same_checks(db, tmp_path):
    path, tasks = ls_tasks(db, tmp_path)
    zh_region(tasks)["value"]["labels"] = ["party"]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    result = cli("annotate", "import", path, "--format", "label-studio", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 0 and "1 relabel" in result.output, result.output


def write_lines(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


@pytest.mark.parametrize("label, message", [
    ([0, 1, "government"], r"line 1 \(doc d{12}\), label 8: UTF-16 span \[0, 1\) is not inside "
                           "the text .* or splits a character"),
    ([4, 6, "mayor"], r"line 1 \(doc d{12}\), label 8: label 'mayor' is not in the label set"),
    ([4, 2, "party"], r"line 1 \(doc d{12}\), label 8: span \[3, 1\) is not inside the text"),
])
def test_a_bad_doccano_line_rejects_the_file(db, tmp_path, label, message):
    path = tmp_path / "t.jsonl"
    cli("annotate", "export", "--db", db, "--format", "doccano", "--output", path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[1]["label"] = rows[1]["label"][:1]  # a good change in line 2: deletions
    rows[0]["label"].append(label)
    write_lines(path, rows)
    before = snapshot(db)
    result = cli("annotate", "import", path, "--format", "doccano", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    assert snapshot(db) == before


def test_doccano_lines_without_doc_id_are_matched_by_their_text(db, tmp_path):
    start = ZH_TEXT.index("社区基金")
    units = start + 2  # after 😀 and 𠀀
    path = tmp_path / "plain.jsonl"
    write_lines(path, [{"text": ZH_TEXT, "label": [[units, units + 4, "social_org"]]}])
    result = cli("annotate", "import", path, "--format", "doccano", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 0, result.output
    facts = json.loads(cli("search", "--db", db, "--json", "--doc", ZH_ID).output)
    assert [(f["text"], f["source"]) for f in facts] == [("社区基金", "human")]
    write_lines(path, [{"text": "an unknown text", "label": []}])
    result = cli("annotate", "import", path, "--format", "doccano", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 1 and "line 1: no stored document has this text" in result.output


@pytest.mark.parametrize("line, message", [
    ("T9\tparty 1 3;4 6\t街道 办事", "discontinuous spans are not supported"),
    ("T9\tparty one two\t街道", "not a text-bound annotation"),
    ("T9\tparty 1 3\t办事", "span text '办事' does not match"),
])
def test_a_bad_brat_line_rejects_the_folder(db, tmp_path, line, message):
    folder = tmp_path / "b"
    cli("annotate", "export", "--db", db, "--format", "brat", "--output", folder)
    (folder / f"{EN_ID}.ann").write_text("")  # a good change: all deleted
    ann = folder / f"{ZH_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    before = snapshot(db)
    result = cli("annotate", "import", folder, "--format", "brat", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 1
    assert f"{ann}: line 15: {message}" in result.output, result.output
    assert snapshot(db) == before


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a readable JSON file"),
    ('{"tasks": 1}', "no `text` in the task data"),
    ('[{"data": {"text": "x"}, "annotations": [{"result": []}]}]',
     "task 1: no stored document has this text"),
])
def test_unreadable_files_are_refused(db, tmp_path, content, message):
    path = tmp_path / "t.json"
    path.write_text(content)
    result = cli("annotate", "import", path, "--format", "label-studio", "--annotator", "a",
                 "--db", db)
    assert result.exit_code == 1 and message in result.output, result.output


def test_an_annotator_is_required_when_the_file_names_none(db, tmp_path):
    path = tmp_path / "t.jsonl"
    cli("annotate", "export", "--db", db, "--format", "doccano", "--output", path)
    result = cli("annotate", "import", path, "--format", "doccano", "--db", db)
    assert result.exit_code == 1 and "give --annotator NAME" in result.output
