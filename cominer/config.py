"""One TOML file mapped onto frozen per-step configs (defaults and docs: default.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .corpus.clean import CleanConfig
from .corpus.fetch_config import FetchConfig
from .corpus.sources import InputConfig
from .extract.extractor import ExtractConfig


@dataclass(frozen=True, kw_only=True)
class StoreConfig:
    batch_size: int = 50


@dataclass(frozen=True, kw_only=True)
class WebConfig:
    max_body_bytes: int = 1_000_000
    session_hours: float = 12.0


@dataclass(frozen=True, kw_only=True)
class Settings:
    input: InputConfig = field(default_factory=InputConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    web: WebConfig = field(default_factory=WebConfig)


class ConfigError(ValueError):
    """A config file that names an unknown section or key, or a value of the wrong type."""


def default_toml() -> str:
    return resources.files("cominer").joinpath("default.toml").read_text(encoding="utf-8")


def section_from(cls: type, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    checked = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(known)})")
        default = known[key].default
        if isinstance(default, float) and type(value) is int:
            value = float(value)  # 1 for 1.0 is fine
        if type(value) is not type(default):
            raise ConfigError(f"{where}.{key}: expected {type(default).__name__}, "
                              f"got {type(value).__name__}")
        checked[key] = value
    return cls(**checked)


def settings_from_dict(data: dict[str, Any], where: str = "config") -> Settings:
    sections = {f.name: f for f in fields(Settings)}
    parts = {}
    for name, values in data.items():
        if name not in sections or not isinstance(values, dict):
            raise ConfigError(f"{where}: unknown section [{name}] (known: {', '.join(sections)})")
        parts[name] = section_from(type(getattr(Settings(), name)), values, f"{where} [{name}]")
    return Settings(**parts)


def load_settings(path: Path | None) -> Settings:
    """Settings from `path`, or ./cominer.toml if present, or the defaults."""
    if path is None:
        candidate = Path("cominer.toml")
        path = candidate if candidate.is_file() else None
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return settings_from_dict(data, str(path))


def with_overrides(settings: Settings, **sections: dict[str, Any]) -> Settings:
    """Settings with some fields replaced (how CLI flags override the file)."""
    changes = {}
    for name, values in sections.items():
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            changes[name] = replace(getattr(settings, name), **values)
    return replace(settings, **changes)
