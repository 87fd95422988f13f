"""Shared fixtures: the bundled sample corpus and steps loaded once per session."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cominer.corpus.clean import CleanConfig, Cleaner
from cominer.extract.extractor import Extractor

# Property tests: bounded and derandomized by default so CI stays fast and repeatable;
# `pytest --hypothesis-profile=long` (random seeds) for a manual hunt, whose finds become
# @example regressions once fixed. No deadline: the cleaner's first call loads models.
settings.register_profile("default", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return Path(str(resources.files("cominer.corpus").joinpath("samples")))


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner(CleanConfig())


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
