"""The optional stanza backend: clear errors when it can't run, entity widening when it can."""

from __future__ import annotations

import sys
import types

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.extract.backends import BackendError, StanzaBackend, load_backend, widen_to_entities
from cominer.extract.extractor import ExtractConfig, Extractor
from cominer.extract.terms import TermMatch


@pytest.fixture()
def no_stanza(monkeypatch):
    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza raises ImportError


@pytest.fixture()
def fake_stanza(monkeypatch):
    calls = []
    module = types.ModuleType("stanza")

    def pipeline(lang, **kw):
        calls.append((lang, kw))
        return lambda text: types.SimpleNamespace(ents=[])
    module.Pipeline = pipeline
    monkeypatch.setitem(sys.modules, "stanza", module)
    return calls


def test_missing_stanza_names_the_extra(no_stanza):
    with pytest.raises(BackendError, match=r"cominer\[stanza\]"):
        Extractor(ExtractConfig(backend="stanza"))


def test_cli_backend_stanza_without_stanza_is_a_usage_error(no_stanza, samples_dir):
    result = CliRunner().invoke(main, ["extract", str(samples_dir / "en_abstracts.html"),
                                       "--backend", "stanza"])
    assert result.exit_code == 2 and "cominer[stanza]" in result.output


def test_models_come_only_from_stanza_resources_dir(fake_stanza, monkeypatch, tmp_path):
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    with pytest.raises(BackendError, match="STANZA_RESOURCES_DIR"):
        StanzaBackend()
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    backend = load_backend("stanza")
    with pytest.raises(BackendError, match=r"stanza.download\('en'"):
        backend.pipeline("en")
    (tmp_path / "zh-hans").mkdir()
    backend.pipeline("zh")
    [(lang, kw)] = fake_stanza
    assert lang == "zh-hans" and kw["download_method"] is None and kw["dir"] == str(tmp_path)


def test_unknown_backend_is_refused():
    with pytest.raises(BackendError, match="unknown backend"):
        load_backend("nltk")


def test_an_organisation_entity_widens_the_actor_inside_it():
    text = "Hunan University and residents met."
    uni = TermMatch(6, 16, "actor", "academia", "University")
    res = TermMatch(21, 30, "actor", "citizen", "residents")
    out = widen_to_entities(text, [(uni, "rule", 0.9), (res, "rule", 0.9)], [(0, 16)])
    assert [(m.term, m.label) for m, _, _ in out] == [("Hunan University", "academia"),
                                                      ("residents", "citizen")]
