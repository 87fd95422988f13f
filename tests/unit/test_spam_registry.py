"""The cleaner's spam-line model comes from the model registry, like the extractor's span model:
pinned, else the newest trained version whose figures are not worse than the shipped one, and
the version used is recorded with every cleaned document and run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.config import Settings, with_overrides
from cominer.corpus.clean import CLEANER_VERSION, CleanConfig, Cleaner, cleaner_identity
from cominer.corpus.records import RawDoc
from cominer.models.registry import RegistryError, read_meta
from cominer.models.spam_lines import SpamLineModel, bundled_examples
from cominer.models.training import train_spam_lines
from cominer.pipeline import Workers, process_raw, run_sources
from cominer.store import KnowledgeStore

SHIPPED = read_meta(Path(__file__).resolve().parents[2] / "models/artefacts/spam-lines/1")
PAGE = ("Residents and the council opened a repair café in the old library.\n\n"
        "Volunteers fix bikes and lamps every Saturday, and the council pays the rent.\n")
LINES = ["best online casino bonus, sign up now and win", "The council pays the rent."]


def few_examples() -> list:
    train = bundled_examples("train")
    return ([e for e in train if e.label == "spam"][:20]
            + [e for e in train if e.label != "spam"][:20])


@pytest.fixture(scope="module")
def better_dir(tmp_path_factory) -> Path:
    """A trained version 2 whose (real) figures beat the shipped model's: scored on its own
    training lines at a lower threshold."""
    folder = tmp_path_factory.mktemp("better")
    few = few_examples()
    trained = train_spam_lines(folder, threshold=0.5, examples=(few, few))
    assert trained.version == 2 and trained.evaluation["score"] > SHIPPED["evaluation"]["score"]
    return folder


@pytest.fixture(scope="module")
def worse_dir(tmp_path_factory) -> Path:
    """A trained version 2 scored on the bundled test split: 40 lines are not enough."""
    folder = tmp_path_factory.mktemp("worse")
    trained = train_spam_lines(folder, examples=(few_examples(), bundled_examples("test")))
    assert trained.version == 2 and trained.evaluation["score"] < SHIPPED["evaluation"]["score"]
    return folder


def uses(cleaner: Cleaner, folder: Path) -> bool:
    """Whether the cleaner's loaded spam model is the artefact in `folder`."""
    other = SpamLineModel.load(folder)
    return np.allclose(cleaner.spam_model.probability(LINES), other.probability(LINES))


def test_a_better_trained_version_is_picked(better_dir):
    cleaner = Cleaner(CleanConfig(), models_dir=str(better_dir))
    assert cleaner.version == f"{CLEANER_VERSION}+spam-lines-2"
    assert uses(cleaner, better_dir / "spam-lines" / "2")


def test_a_worse_trained_version_is_not_picked(worse_dir):
    cleaner = Cleaner(CleanConfig(), models_dir=str(worse_dir))
    assert cleaner.version == f"{CLEANER_VERSION}+spam-lines-1"
    assert cleaner.config_hash == Cleaner(CleanConfig()).config_hash


def test_a_pin_wins_either_way(better_dir, worse_dir):
    assert Cleaner(CleanConfig(), models_dir=str(better_dir), spam_pin=1).version.endswith(
        "+spam-lines-1")
    pinned = Cleaner(CleanConfig(), models_dir=str(worse_dir), spam_pin=2)
    assert pinned.version.endswith("+spam-lines-2")
    assert uses(pinned, worse_dir / "spam-lines" / "2")
    with pytest.raises(RegistryError, match="no version 7"):
        Cleaner(CleanConfig(), models_dir=str(worse_dir), spam_pin=7)


def test_pin_zero_or_spam_model_off_loads_no_model(better_dir):
    for cleaner in (Cleaner(CleanConfig(), models_dir=str(better_dir), spam_pin=0),
                    Cleaner(CleanConfig(spam_model=False), models_dir=str(better_dir))):
        assert cleaner.spam_model is None and cleaner.version == CLEANER_VERSION


def test_the_config_hash_names_the_spam_model_version(better_dir):
    cfg = CleanConfig()
    shipped = cleaner_identity(cfg)
    trained = cleaner_identity(cfg, str(better_dir))
    assert shipped[1] != trained[1] and trained[0].endswith("+spam-lines-2")
    assert trained == (Cleaner(cfg, models_dir=str(better_dir)).version,
                       Cleaner(cfg, models_dir=str(better_dir)).config_hash)


def settings_for(folder: Path, pins: str = "") -> Settings:
    """The same [extract] models_dir / model keys that choose the span model."""
    return with_overrides(Settings(), extract={"models_dir": str(folder), "model": pins})


def test_workers_take_the_registry_folder_and_pins_from_the_settings(better_dir):
    assert Workers.build(settings_for(better_dir)).cleaner.version.endswith("+spam-lines-2")
    pinned = Workers.build(settings_for(better_dir, "spam-lines=1"))
    assert pinned.cleaner.version.endswith("+spam-lines-1")


def test_the_store_records_the_spam_model_version_per_document_and_run(better_dir, tmp_path):
    settings = settings_for(better_dir)
    page = tmp_path / "en_cafe.txt"
    page.write_text(PAGE, encoding="utf-8")
    raw = RawDoc(str(page), page.read_bytes(), "2026-01-01T00:00:00Z", media_type="text")
    workers = Workers.build(settings)
    processed = process_raw(raw, workers)
    assert processed.clean.cleaner_version == f"{CLEANER_VERSION}+spam-lines-2"
    assert processed.clean.config_hash == cleaner_identity(settings.clean, str(better_dir))[1]
    with KnowledgeStore(tmp_path / "k.db") as store:
        run_sources([page], store, settings, workers)
        doc = store.conn.execute("SELECT cleaner_version, config_hash FROM documents").fetchone()
        run = store.conn.execute("SELECT cleaner_version, config_hash FROM runs").fetchone()
    assert tuple(doc) == tuple(run) == (processed.clean.cleaner_version,
                                         processed.clean.config_hash)


def test_cli_train_then_clean_uses_the_new_version(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./cominer-models or ./cominer.toml of the checkout
    models = tmp_path / "models"
    page = tmp_path / "en_cafe.txt"
    page.write_text(PAGE, encoding="utf-8")
    trained = CliRunner().invoke(main, ["train", "--only", "spam-lines", "--models-dir",
                                        str(models), "-q"])
    assert trained.exit_code == 0, trained.output
    assert "spam-lines version 2" in trained.output
    # the bundled data again: figures equal to the shipped model's, so not worse: chosen
    meta = read_meta(models / "spam-lines" / "2")
    assert meta["evaluation"]["score"] >= SHIPPED["evaluation"]["score"]
    assert meta["training_data_hash"] == SHIPPED["training_data_hash"] and meta["created"]
    assert meta["inputs"] == ["annotations/spam_lines/train.tsv",
                              "annotations/spam_lines/test.tsv"]

    def cleaned(*extra: str) -> dict:
        result = CliRunner().invoke(main, ["clean", "--json", str(page), *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output.splitlines()[0])

    assert cleaned("--models-dir", str(models))["cleaner_version"].endswith("+spam-lines-2")
    assert cleaned("--models-dir", str(models), "--model", "spam-lines=1")[
        "cleaner_version"].endswith("+spam-lines-1")
    assert cleaned()["cleaner_version"].endswith("+spam-lines-1")
    bad = CliRunner().invoke(main, ["clean", str(page), "--models-dir", str(models),
                                    "--model", "spam-lines=9"])
    assert bad.exit_code == 2 and "no version 9" in bad.output


def test_cli_run_records_the_pinned_spam_model(better_dir, tmp_path):
    page = tmp_path / "en_cafe.txt"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "k.db"
    result = CliRunner().invoke(main, ["run", str(page), "--db", str(db), "-q", "--models-dir",
                                       str(better_dir), "--model", "spam-lines=1"])
    assert result.exit_code == 0, result.output
    with KnowledgeStore(db) as store:
        row = store.conn.execute("SELECT cleaner_version FROM documents").fetchone()
    assert row[0] == f"{CLEANER_VERSION}+spam-lines-1"
