"""Every file the generator reads at run time ships with the package (a wheel
built from pyproject.toml holds it), not only the Python modules."""

from __future__ import annotations

import fnmatch
import tomllib

from conftest import ROOT


def test_every_data_file_of_the_generator_is_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["generator"]
    package = ROOT / "generator"
    data = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert missing == []
