"""The model registry: every trained model is a versioned folder `<root>/<name>/<version>/`.

Each version folder holds the artefact and `meta.json` (name, version, created, training-data
hash, config, evaluation). Shipped versions are package data (`models/artefacts/`); versions
cominer trains go to `--models-dir`. Selection: a pinned version if given, else the newest
version whose evaluation score is not below the shipped one's (`select_version`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DEFAULT_MODELS_DIR = "cominer-models"


class RegistryError(ValueError):
    """A pin that names no known version, or a version folder without a readable meta.json."""


@dataclass(frozen=True)
class ModelVersion:
    name: str
    version: int
    path: Path
    meta: dict
    shipped: bool

    @property
    def score(self) -> float | None:
        """The figure versions are compared on (meta.json evaluation.score), if any."""
        value = (self.meta.get("evaluation") or {}).get("score")
        return float(value) if value is not None else None

    @property
    def tag(self) -> str:
        return f"{self.name}-{self.version}"


def shipped_root() -> Path:
    return Path(str(resources.files("cominer.models").joinpath("artefacts")))


def read_meta(folder: Path) -> dict:
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RegistryError(f"{folder / 'meta.json'}: {exc}") from exc


def versions_under(root: Path, name: str, shipped: bool) -> list[ModelVersion]:
    folder = root / name
    if not folder.is_dir():
        return []
    found = []
    for child in folder.iterdir():
        if child.is_dir() and child.name.isdigit() and (child / "meta.json").is_file():
            found.append(ModelVersion(name, int(child.name), child, read_meta(child), shipped))
    return found


def list_versions(name: str, models_dir: Path | str | None = None) -> list[ModelVersion]:
    """Shipped and trained versions of a model, oldest first (a trained folder with the number
    of a shipped one is ignored: shipped versions are fixed)."""
    shipped = versions_under(shipped_root(), name, True)
    numbers = {v.version for v in shipped}
    trained = [v for v in versions_under(Path(models_dir), name, False)
               if v.version not in numbers] if models_dir else []
    return sorted(shipped + trained, key=lambda v: v.version)


def parse_pins(text: str | tuple[str, ...] | list[str]) -> dict[str, int]:
    """`spans=3,spam-lines=1` (or a list of such) → {"spans": 3, "spam-lines": 1}."""
    items = [text] if isinstance(text, str) else list(text)
    pins: dict[str, int] = {}
    for item in items:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, version = part.partition("=")
            if not sep or not version.strip().isdigit():
                raise RegistryError(f"model pin {part!r}: expected NAME=VERSION, e.g. spans=2")
            pins[name.strip()] = int(version)
    return pins


def select_version(name: str, models_dir: Path | str | None = None,
                   pin: int | None = None) -> ModelVersion | None:
    """The pinned version, else the newest whose score is not below the shipped baseline.

    The baseline is the newest shipped version's score, or, where nothing is shipped, the
    `baseline_score` a trained version recorded (the figure without the model)."""
    versions = list_versions(name, models_dir)
    if pin is not None:
        for v in versions:
            if v.version == pin:
                return v
        known = ", ".join(str(v.version) for v in versions) or "none"
        raise RegistryError(f"model {name}: no version {pin} (known: {known})")
    shipped = [v for v in versions if v.shipped]
    base = shipped[-1] if shipped else None
    for v in reversed(versions):
        if v.shipped:
            return v
        if v.score is None:
            continue
        floor = base.score if base and base.score is not None else (
            (v.meta.get("evaluation") or {}).get("baseline_score"))
        if floor is None or v.score >= float(floor):
            return v
    return base


def next_version(name: str, models_dir: Path | str) -> int:
    """One more than the highest version known (shipped or trained)."""
    versions = list_versions(name, models_dir)
    return max((v.version for v in versions), default=0) + 1


def write_meta(folder: Path, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
