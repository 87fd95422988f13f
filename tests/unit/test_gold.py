from pathlib import Path

from cominer.annotations.gold import load_gold, resolve_anchor
from cominer.corpus.clean import CleanConfig, Cleaner
from cominer.corpus.sources import InputConfig, iter_raw_docs
from cominer.extract.records import LABELS


def test_resolve_anchor_uses_context_to_choose_among_repeats():
    text = "居民参与设计。企业参与评估。居民参与评估。"
    assert resolve_anchor(text, "参与评估", prefix="居民", suffix="。") == (16, 20)
    assert resolve_anchor(text, "参与评估", prefix="企业", suffix="。") == (9, 13)
    assert resolve_anchor(text, "不存在") is None


def test_bundled_gold_is_well_formed():
    gold = load_gold()
    assert len(gold.facts) > 400 and len(gold.cleaning) >= 16
    for fact in gold.facts:
        assert fact.label in LABELS[fact.type], fact
        assert fact.lang in ("zh", "ru", "vi", "en")
        if fact.type == "rate":
            assert 0 <= fact.attrs["min"] <= fact.attrs["max"] <= 10
    langs_per_type = {t: {f.lang for f in gold.facts if f.type == t} for t in LABELS}
    assert all(langs == {"zh", "ru", "vi", "en"} for langs in langs_per_type.values())


def placed(gold, cleaner: Cleaner, samples_dir: Path) -> tuple[int, list]:
    docs = {}
    for source in gold.sources():
        raw = next(iter_raw_docs([samples_dir / source], InputConfig()))
        docs[source] = cleaner.clean(raw)
    unplaced = [g for g in gold.facts if resolve_anchor(
        docs[g.document].text, g.text, g.prefix, g.suffix, g.start) is None]
    return len(gold.facts) - len(unplaced), unplaced


def test_gold_survives_a_change_in_cleaning(cleaner, samples_dir):
    """Keep navigation, bylines and comments: every offset moves, every quote is still found."""
    gold = load_gold()
    found, unplaced = placed(gold, cleaner, samples_dir)
    assert unplaced == []
    changed = Cleaner(CleanConfig(remove_chrome=False, remove_contacts=False))
    found_changed, unplaced_changed = placed(gold, changed, samples_dir)
    assert unplaced_changed == [] and found_changed == found


def test_write_offsets_refreshes_the_hints(tmp_path):
    import json

    from cominer.annotations.gold import write_offsets

    text = "Residents and the council co-design the service. The council pays."
    row = {"document": "a.html", "doc_id": None, "type": "actor", "lang": "en",
           "text": "council", "start": None, "end": None, "label": "government", "attrs": {},
           "prefix": "The ", "suffix": " pays", "confidence": 1.0, "source": "human",
           "model_version": None}
    lost = dict(row, text="mayor", prefix="", suffix="")
    (tmp_path / "facts-en.jsonl").write_text(json.dumps(row) + "\n" + json.dumps(lost) + "\n")
    assert write_offsets(tmp_path, lambda doc: ("id-1", text)) == 1
    placed, unplaced = [json.loads(line) for line in
                        (tmp_path / "facts-en.jsonl").read_text().splitlines()]
    assert text[placed["start"]:placed["end"]] == "council" and placed["start"] == 53
    assert placed["doc_id"] == "id-1"
    assert unplaced["start"] is None and unplaced["text"] == "mayor"
