"""Per-file work kept on disk between builds (``build/cache/memo-<version>.pickle``),
keyed by content: a build after one edit re-reads, re-renders and re-checks
that one file, and takes every other file's results from here.

What is kept, each under a digest of exactly what it is computed from:

- ``source``: a content file parsed (YAML front matter and body, with the line
  of every key), by its path and bytes (``loader.py``);
- ``markdown``: a Markdown field rendered and cleaned, with what cleaning
  dropped (``markup.render_markdown``), by its text;
- ``valid``: documents a schema found valid (``schemas.validate``), by schema
  and data; invalid ones are checked again, so their messages are always fresh.

Item pages' front matter is not kept: a build computes it only for a page whose
inputs changed, while filling (an unchanged page is linked from the published
site), and keeping it cost ~3 KB per item (issue 11).

The checks across files (索引号, policy links, catalogues, the inspection)
always run on the whole model: only per-file work is reused. The memo's
version (:func:`version`) covers the code, schemas and templates, the
packages, ``content/site.yml`` and the features, so a change to any of them
starts afresh. It is loaded when a build opens the build cache and written
only after the build was published, holding only what that build used (so
deleted content does not stay). Safe to delete with the rest of ``build/``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import caches

PREFIX = "memo-"
_NAMESPACES = ("source", "markdown", "valid")

# The memo of the running build: loaded entries, and those this build used or made.
_loaded: dict[str, dict[bytes, Any]] = {}
_used: dict[str, dict[bytes, Any]] = {}
_state: dict[str, Any] = {"file": None, "reused": 0, "made": 0}


def _reset() -> None:
    _loaded.clear()
    _used.clear()
    _state.update(file=None, reused=0, made=0)


caches.register(_reset)


def key(*parts: str | bytes) -> bytes:
    """A digest of the parts (text is UTF-8; parts are separated, so ("ab", "c") ≠ ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def version(code_version: str, root: Path, features: Iterable[str]) -> str:
    """The memo's version: the code's (``buildcache.code_version``), site.yml and the features."""
    site_yml = root / "content" / "site.yml"
    data = site_yml.read_bytes() if site_yml.is_file() else b""
    return key(code_version, data, "\0".join(sorted(features))).hex()[:24]


def open_memo(folder: Path, memo_version: str) -> None:
    """Load the memo of this version from ``folder`` (nothing when there is none)."""
    _reset()
    path = folder / f"{PREFIX}{memo_version}.pickle"
    _state["file"] = path
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)  # noqa: S301 (our own file under build/, written below)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return
    if isinstance(data, dict):
        _loaded.update({ns: data.get(ns, {}) for ns in _NAMESPACES})


def active() -> bool:
    return _state["file"] is not None


def get(namespace: str, digest: bytes) -> Any:
    """The kept value, or None (also when no memo is open)."""
    if _state["file"] is None:
        return None
    value = _loaded.get(namespace, {}).get(digest)
    if value is not None:
        _used.setdefault(namespace, {})[digest] = value
        _state["reused"] += 1
    return value


def put(namespace: str, digest: bytes, value: Any) -> None:
    if _state["file"] is not None:
        _used.setdefault(namespace, {})[digest] = value
        _state["made"] += 1


def stats() -> str:
    """For the build's log (read by tests): results reused from earlier builds, and made by this one."""
    return f"per-file results {_state['reused']} reused, {_state['made']} made" if active() else ""


def save() -> None:
    """After the build was published: keep what it used, drop other versions' files."""
    path: Path | None = _state["file"]
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump({ns: _used.get(ns, {}) for ns in _NAMESPACES}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    for old in path.parent.glob(f"{PREFIX}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
