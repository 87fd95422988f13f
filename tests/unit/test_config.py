import re
from dataclasses import fields
from pathlib import Path

import pytest

from cominer.config import ConfigError, Settings, default_toml, load_settings


def test_every_setting_is_documented_in_default_toml():
    text = default_toml()
    for section in fields(Settings):
        assert f"[{section.name}]" in text
        for field in fields(type(getattr(Settings(), section.name))):
            # each key is preceded by a comment line explaining it
            assert re.search(rf"#[^\n]*\n(?:#[^\n]*\n)*{field.name} = ", text), field.name


def test_default_toml_equals_the_defaults(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(default_toml(), encoding="utf-8")
    assert load_settings(path) == Settings()


def test_values_override_defaults(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[clean]\nstrip_pinyin = false\n[input]\nmax_bytes = 10\n")
    settings = load_settings(path)
    assert settings.clean.strip_pinyin is False and settings.input.max_bytes == 10
    assert settings.clean.remove_spam is True


@pytest.mark.parametrize("body, message", [
    ("[clean]\nstrip_pinyn = false\n", "unknown key 'strip_pinyn'"),
    ("[cleaning]\n", "unknown section"),
    ("[input]\nmax_bytes = 'big'\n", "expected int"),
    ("[input\n", "c.toml"),
])
def test_bad_config_names_the_problem(tmp_path, body, message):
    path = tmp_path / "c.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_no_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(None) == Settings()
    Path("cominer.toml").write_text("[store]\nbatch_size = 7\n")
    assert load_settings(None).store.batch_size == 7
