"""The mojibake model's shipped character table (corpus/data/jieba_chars.txt.gz)."""

from cominer.corpus.mojibake import (
    CHAR_TABLE,
    CharModel,
    char_table_key,
    read_char_table,
    write_char_table,
)


def test_shipped_table_is_what_jieba_dictionary_gives():
    # Fails after a jieba upgrade or a new punctuation prior: run scripts/make_char_table.py.
    table = read_char_table(CHAR_TABLE)
    assert table is not None and table[0] == char_table_key()
    assert CharModel.load() == CharModel.from_jieba()


def test_table_round_trips(tmp_path):
    path = tmp_path / "chars.txt.gz"
    write_char_table(path)
    key, counts, total, words = read_char_table(path)
    assert key == char_table_key()
    assert CharModel.from_counts(counts, total, words) == CharModel.from_jieba()
    assert "。" in counts and all(2 <= len(w) <= 3 for w in words)


def test_a_table_from_another_dictionary_is_not_used(tmp_path, monkeypatch):
    path = tmp_path / "chars.txt.gz"
    write_char_table(path)
    built = CharModel({"x": -1.0}, -2.0)
    monkeypatch.setattr("cominer.corpus.mojibake.CHAR_TABLE", path)
    monkeypatch.setattr(CharModel, "from_jieba", classmethod(lambda cls: built))
    assert CharModel.load() != built  # the table matches this dictionary: used
    monkeypatch.setattr("cominer.corpus.mojibake.char_table_key", lambda: "another dictionary")
    assert CharModel.load() is built


def test_a_missing_table_falls_back_to_the_dictionary(tmp_path, monkeypatch):
    built = CharModel({"x": -1.0}, -2.0)
    monkeypatch.setattr("cominer.corpus.mojibake.CHAR_TABLE", tmp_path / "absent.txt.gz")
    monkeypatch.setattr(CharModel, "from_jieba", classmethod(lambda cls: built))
    assert read_char_table(tmp_path / "absent.txt.gz") is None
    assert CharModel.load() is built
