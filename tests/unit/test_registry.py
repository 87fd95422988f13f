"""The model registry: versions, pins and the not-worse-than-shipped rule."""

from __future__ import annotations

import pytest

from cominer.models.registry import (
    RegistryError,
    list_versions,
    next_version,
    parse_pins,
    select_version,
    write_meta,
)


def add_version(root, name, version, score=None, baseline=None):
    evaluation = {} if score is None else {"score": score}
    if baseline is not None:
        evaluation["baseline_score"] = baseline
    write_meta(root / name / str(version), {"name": name, "version": version,
                                             "evaluation": evaluation})


def test_shipped_spam_lines_version_is_listed_and_selected(tmp_path):
    [shipped] = list_versions("spam-lines")
    assert shipped.shipped and shipped.version == 1 and shipped.score is not None
    assert select_version("spam-lines", tmp_path).version == 1


def test_newest_trained_version_not_worse_than_shipped_wins(tmp_path):
    shipped = list_versions("spam-lines")[0].score
    add_version(tmp_path, "spam-lines", 2, shipped + 0.01)
    add_version(tmp_path, "spam-lines", 3, shipped - 0.2)  # worse: skipped
    assert select_version("spam-lines", tmp_path).version == 2
    assert next_version("spam-lines", tmp_path) == 4


def test_pinned_version_is_used_even_when_worse(tmp_path):
    add_version(tmp_path, "spam-lines", 2, 0.0)
    assert select_version("spam-lines", tmp_path, pin=2).version == 2
    with pytest.raises(RegistryError, match="no version 7"):
        select_version("spam-lines", tmp_path, pin=7)


def test_without_a_shipped_version_the_recorded_baseline_decides(tmp_path):
    add_version(tmp_path, "toy", 1, 0.90, baseline=0.85)
    add_version(tmp_path, "toy", 2, 0.80, baseline=0.85)  # worse than no model
    assert select_version("toy", tmp_path).version == 1
    assert select_version("toy", tmp_path / "nothing") is None


def test_a_trained_folder_cannot_replace_a_shipped_version(tmp_path):
    add_version(tmp_path, "spam-lines", 1, 1.0)
    [v] = list_versions("spam-lines", tmp_path)
    assert v.shipped


def test_pins_parse_and_bad_pins_are_refused():
    assert parse_pins("spans=2, spam-lines=1") == {"spans": 2, "spam-lines": 1}
    assert parse_pins(("spans=3",)) == {"spans": 3}
    with pytest.raises(RegistryError, match="NAME=VERSION"):
        parse_pins("spans")
