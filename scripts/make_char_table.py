"""Regenerate corpus/data/jieba_chars.txt.gz, the character counts of the mojibake model.

    python scripts/make_char_table.py

Run it after upgrading jieba or changing mojibake.PUNCTUATION_PRIOR (tests/unit/test_mojibake.py
fails until then; meanwhile the cleaner builds the model from jieba's dictionary at start-up).
"""

from pathlib import Path

from cominer.corpus.mojibake import write_char_table

TABLE = Path(__file__).resolve().parents[1] / "corpus" / "data" / "jieba_chars.txt.gz"

if __name__ == "__main__":
    write_char_table(TABLE)
    print(f"wrote {TABLE} ({TABLE.stat().st_size:,} bytes)")
