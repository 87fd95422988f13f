"""`cominer train`: span-model versions from gold and corrections, never from the blind set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.config import Settings
from cominer.corrections import Corrections
from cominer.models.registry import list_versions
from cominer.models.spans import TrainingInputError, docs_from_store, is_blind, refuse_blind
from cominer.pipeline import Workers, process_raw, to_write
from cominer.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "en_one.txt": ("en", "Residents and volunteers co-designed the library with the council. "
                         "Local firms paid for the books, and the trustees agreed."),
    "zh_one.txt": ("zh", "社区居委会组织居民和志愿者共同设计服务项目，社会组织负责实施。"),
}
FACTS = [("en_one.txt", "actor", "citizen", "Residents"), ("en_one.txt", "actor", "volunteer",
         "volunteers"), ("en_one.txt", "stage", "design", "co-designed"),
         ("en_one.txt", "actor", "enterprise", "Local firms"),
         ("zh_one.txt", "actor", "community_committee", "社区居委会"),
         ("zh_one.txt", "actor", "citizen", "居民"), ("zh_one.txt", "stage", "design", "共同设计")]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def gold_dir(tmp_path):
    folder = tmp_path / "mygold"
    (folder / "pages").mkdir(parents=True)
    for name, (_lang, text) in PAGES.items():
        (folder / "pages" / name).write_text(text, encoding="utf-8")
    rows = [{"document": d, "type": t, "label": lab, "lang": PAGES[d][0], "text": q}
            for d, t, lab, q in FACTS]
    (folder / "facts-all.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_the_blind_gold_set_is_refused(tmp_path):
    blind = ROOT / "annotations" / "gold" / "blind"
    assert is_blind(blind)
    with pytest.raises(TrainingInputError, match="never a training input"):
        refuse_blind(blind)
    copy = tmp_path / "renamed"
    copy.mkdir()
    (copy / "README.md").write_text((blind / "README.md").read_text(encoding="utf-8"))
    assert is_blind(copy)
    result = invoke("train", "--gold", blind, "--models-dir", tmp_path / "m", "--only", "spans")
    assert result.exit_code == 2 and "never a training input" in result.output
    assert not (tmp_path / "m").exists()


def test_train_writes_a_versioned_span_model_that_evaluate_compares(gold_dir, tmp_path):
    models = tmp_path / "models"
    result = invoke("train", "--gold", gold_dir, "--models-dir", models, "--only", "spans",
                    "--epochs", "2", "-q")
    assert result.exit_code == 0, result.output
    [version] = list_versions("spans", models)
    assert version.version == 1 and not version.shipped
    meta = version.meta
    assert len(meta["training_data_hash"]) == 16 and meta["spans"] == len(FACTS)
    assert {"score", "baseline_score"} <= set(meta["evaluation"])
    assert {p.name for p in version.path.iterdir()} >= {"en", "zh", "meta.json"}
    result = invoke("evaluate", gold_dir, "--corpus", gold_dir / "pages", "--models-dir", models,
                    "--model", "spans=1", "--compare", "spans=0", "-q")
    assert result.exit_code == 0, result.output
    assert "+spans-1" in result.output and "F1 difference" in result.output


def test_train_spam_lines_adds_a_version_with_its_score(tmp_path):
    from cominer.models.spam_lines import bundled_examples
    from cominer.models.training import train_spam_lines

    train = bundled_examples("train")
    spam = [e for e in train if e.label == "spam"][:40]
    clean = [e for e in train if e.label != "spam"][:40]
    trained = train_spam_lines(tmp_path, examples=(spam + clean, spam[:10] + clean[:10]))
    [listed] = [v for v in list_versions("spam-lines", tmp_path) if not v.shipped]
    assert trained.version == listed.version == 2 and 0 < listed.score <= 1
    assert (listed.path / "weights.npz").is_file()


def test_bad_model_pin_is_a_usage_error(samples_dir):
    result = invoke("extract", samples_dir / "en_abstracts.html", "--model", "spans")
    assert result.exit_code == 2 and "NAME=VERSION" in result.output


def test_corrections_from_the_store_become_training_spans(tmp_path):
    from rawdocs import raw_text

    workers = Workers.build(Settings())
    processed = process_raw(raw_text("Residents and volunteers met the council officers."),
                            workers)
    db = tmp_path / "c.db"
    with KnowledgeStore(db) as store:
        run_id = store.start_run(cleaner_version="t", extractor_version="t", config_hash="t",
                                 args={})
        store.write_batch([to_write(processed, "t")], run_id)
    text = processed.clean.text
    with KnowledgeStore(db) as store:  # an annotator adds a fact and rejects a model fact
        corrections = Corrections(store)
        corrections.add(processed.doc_id, "actor", "government", text.index("council"),
                        len(text) - 1, None, "ann")
        [volunteers] = [f for f in store.facts_for(processed.doc_id)
                        if f["text"] == "volunteers"]
        corrections.reject(volunteers["fact_id"], "ann")
    with KnowledgeStore(db) as store:
        rows = store.corrected_documents()
    [doc] = docs_from_store(rows)
    labels = {(doc.text[a:b], label) for a, b, label in doc.spans}
    assert ("council officers", "actor:government") in labels  # human
    assert ("Residents", "actor:citizen") in labels  # a model fact nobody rejected
    assert not any(t == "volunteers" for t, _ in labels)  # rejected
    assert ("officers", "actor:government") not in labels  # overridden by the human span


def test_default_training_inputs_are_sample_and_dev_only():
    from cominer.models.training import bundled_gold_folders

    folders = bundled_gold_folders()
    assert {f.name for f, _ in folders} <= {"sample", "dev", "dev2"}
    assert folders[0][0].name == "sample"
    assert not any(is_blind(f) for f, _ in folders)


def test_the_cleaner_can_load_the_registry_choice_of_spam_model(tmp_path):
    from cominer.models.registry import read_meta, write_meta
    from cominer.models.spam_lines import SpamLineModel, bundled_examples
    from cominer.models.training import train_spam_lines

    train = bundled_examples("train")
    spam = [e for e in train if e.label == "spam"][:20]
    few = spam + [e for e in train if e.label != "spam"][:20]
    trained = train_spam_lines(tmp_path, examples=(few, few))
    assert SpamLineModel.load_selected(tmp_path).meta["version"] == "1"  # worse: not chosen
    meta = read_meta(trained.path)
    meta["evaluation"]["score"] = 1.0
    write_meta(trained.path, meta)
    assert SpamLineModel.load_selected(tmp_path).meta["version"] == "2"
    assert SpamLineModel.load_selected(tmp_path, pin=1).meta["version"] == "1"
