"""Lexicon YAML parsing (corpus/lexicon.py: parse_yaml)."""

from pathlib import Path

import pytest
import yaml

from cominer.corpus.lexicon import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
LEXICONS = sorted([*ROOT.glob("corpus/lexicons/*.yaml"), *ROOT.glob("extract/lexicons/*.yaml")])


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_lexicon_parses_as_safe_load_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)


def test_parse_yaml_is_safe():
    with pytest.raises(yaml.YAMLError):
        parse_yaml("!!python/object/apply:os.system ['true']")
    assert parse_yaml("a: [1, '2', ё]") == {"a": [1, "2", "ё"]}
