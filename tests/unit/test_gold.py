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
    unplaced = [g for g in gold.facts
                if resolve_anchor(docs[g.source].text, g.text, g.prefix, g.suffix, g.start) is None]
    return len(gold.facts) - len(unplaced), unplaced


def test_gold_survives_a_change_in_cleaning(cleaner, samples_dir):
    """Keep navigation, bylines and comments: every offset moves, every quote is still found."""
    gold = load_gold()
    found, unplaced = placed(gold, cleaner, samples_dir)
    assert unplaced == []
    changed = Cleaner(CleanConfig(remove_chrome=False, remove_contacts=False))
    found_changed, unplaced_changed = placed(gold, changed, samples_dir)
    assert unplaced_changed == [] and found_changed == found
