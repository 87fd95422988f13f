"""Shared fixtures: the bundled sample corpus and steps loaded once per session."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from cominer.corpus.clean import CleanConfig, Cleaner
from cominer.corpus.records import RawDoc
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


def html_page(body: str, title: str = "Test page", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f"</head><body>{body}</body></html>")


def raw_html(body: str, source: str = "test.html", **kw) -> RawDoc:
    return RawDoc(source=source, data=html_page(body, **kw).encode("utf-8"),
                  fetched_at="2026-01-01T00:00:00+00:00", media_type="html")


def raw_text(text: str, source: str = "test.txt") -> RawDoc:
    return RawDoc(source=source, data=text.encode("utf-8"),
                  fetched_at="2026-01-01T00:00:00+00:00", media_type="text")
