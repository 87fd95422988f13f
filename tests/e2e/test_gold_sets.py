"""Every shipped gold set still anchors in the clean text the cleaner makes today.

Gold facts are anchored by quote, prefix and suffix in the clean text; a cleaner change that
drops or rewrites annotated text would silently turn them into misses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cominer.cli import main

GOLD = Path(__file__).resolve().parents[2] / "annotations" / "gold"


@pytest.mark.parametrize("name", ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "blind"])
def test_every_gold_quote_is_placed(name):
    folder = GOLD / name
    result = CliRunner().invoke(main, ["evaluate", str(folder), "--corpus", str(folder / "pages")])
    assert result.exit_code == 0, result.output
    assert "policy  all" in result.output
    assert "could not be placed" not in result.output
    assert "documents not found" not in result.output
