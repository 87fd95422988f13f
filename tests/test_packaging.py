"""The four top-level folders install as cominer.corpus/extract/models/annotations."""

import json
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import cominer.annotations
import cominer.corpus
import cominer.extract
import cominer.models

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = {"corpus": cominer.corpus, "extract": cominer.extract, "models": cominer.models,
               "annotations": cominer.annotations}
PACKAGE_DATA = ["cominer/default.toml", "cominer/corpus/lexicons/zh.yaml",
                "cominer/extract/lexicons/ru.yaml", "cominer/corpus/samples/vi_en_bilingual.html",
                "cominer/annotations/gold/sample/facts-en.jsonl",
                "cominer/annotations/gold/dev2/pages/dev2_ru_08.txt",
                "cominer/extract/lexicons/zh-userdict.txt"]


def is_editable() -> bool:
    for dist in metadata.distributions(name="cominer"):
        raw = dist.read_text("direct_url.json")
        if raw and json.loads(raw).get("dir_info", {}).get("editable", False):
            return True
    return False


def test_editable_install_maps_the_top_level_folders():
    if not is_editable():
        pytest.skip("cominer is not installed in editable mode here")
    for folder, module in SUBPACKAGES.items():
        assert Path(module.__file__).resolve() == ROOT / folder / "__init__.py"


def test_wheel_contains_and_imports_the_packages(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("cominer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in PACKAGE_DATA:
        assert data in names, data
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # -S: no site-packages, so nothing can come from the editable install
    code = ("import cominer.corpus.records, cominer.extract.records, cominer.models, "
            "cominer.annotations, cominer.corpus as c; print(c.__file__)")
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(site)}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(str(site))
