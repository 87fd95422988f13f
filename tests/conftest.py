"""Shared fixtures: the bundled sample corpus and steps loaded once per session."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from cominer.corpus.clean import CleanConfig, Cleaner
from cominer.extract.extractor import Extractor


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return Path(str(resources.files("cominer.corpus").joinpath("samples")))


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner(CleanConfig())


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
