"""Per-file work kept on disk between builds (``build/cache/memo-<version>.records``),
keyed by content: a build after one edit re-reads, re-renders and re-checks
that one file, and takes every other file's results from here.

What is kept, each under a digest of exactly what it is computed from:

- ``source``: a content file parsed (YAML front matter and body, with the line
  of every key), by its path and bytes (``loader.py``);
- ``markdown``: a Markdown field rendered and cleaned, with what cleaning
  dropped (``markup.render_markdown``), by its text;
- ``valid``: documents a schema found valid (``schemas.validate``), by schema
  and data; invalid ones are checked again, so their messages are always fresh;
- ``published``: the 索引号 of a git commit's item files (``index_history.py``),
  by commit;
- ``routing``: an item page's routing values (its shell, its sitemap entry:
  ``pages/items.py``), by the digest of the page's inputs;
- ``checks``: the problems of an item's own checks (``checks/items.py``), by its
  file's digest, its attachments and the day.

Item pages' front matter is not kept: a build computes it only for a page whose
inputs changed, while filling (an unchanged page is linked from the published
site), and keeping it cost ~3 KB per item (issue 11).

The checks across files (索引号, policy links, catalogues, the inspection)
always run on the whole model: only per-file work is reused. The memo's
version (:func:`version`) covers the code, schemas and templates, the
packages, ``content/site.yml`` and the features, so a change to any of them
starts afresh. It is opened when a build opens the build cache; what the build
uses or makes is written to a new file as it goes, which replaces the old one
only after the build was published (so deleted content does not stay). Values
are read from disk when asked for, never held. Safe to delete with the rest
of ``build/``.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from . import caches

PREFIX = "memo-"
SUFFIX = ".records"
_NAMESPACES = ("source", "markdown", "valid", "published", "routing", "checks")
# The file is a sequence of records, each a header (namespace, digest, length)
# and the value, plain data (tuples, dicts, strings …) in ``marshal``'s format:
# pickle would store a UTF-8 copy of every string it writes inside the string
# itself (CPython caches it), doubling the model's text for the whole build. Only the offsets are held in memory and a value is read
# when asked for: the memo is about the size of the content (parsed sources), and
# loading it whole, or keeping what a build made until it ends, held all of it
# (issue 11: memory bounded by a constant).
_MAGIC = b"xxgk-memo-2\n"
_HEADER = struct.Struct("<B16sI")

# The memo of the running build: the previous build's file and the one this build
# writes (what it used or made), each with the offset of every record by key.
_old: dict[bytes, int] = {}
_new: dict[bytes, int] = {}
_state: dict[str, Any] = {"file": None, "old": None, "new": None, "reused": 0, "made": 0}


def _close() -> None:
    for name in ("old", "new"):
        handle: IO[bytes] | None = _state[name]
        if handle is not None:
            handle.close()
        _state[name] = None


def _reset() -> None:
    _close()
    _old.clear()
    _new.clear()
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


def _index(handle: IO[bytes], into: dict[bytes, int]) -> None:
    """The offset of every record of a memo file (its values are not read)."""
    if handle.read(len(_MAGIC)) != _MAGIC:
        return  # an older format, or not ours: start afresh
    size = os.fstat(handle.fileno()).st_size
    offset = len(_MAGIC)
    while offset + _HEADER.size <= size:
        namespace, digest, length = _HEADER.unpack(handle.read(_HEADER.size))
        into[bytes([namespace]) + digest] = offset
        offset += _HEADER.size + length
        handle.seek(offset)
    if offset != size:  # cut short: the last record is incomplete
        into.clear()


def open_memo(folder: Path, memo_version: str) -> None:
    """Open the memo of this version in ``folder`` (nothing when there is none)."""
    _reset()
    path = folder / f"{PREFIX}{memo_version}{SUFFIX}"
    _state["file"] = path
    try:
        _state["old"] = open(path, "rb")  # noqa: SIM115 (kept open for the build; closed by save/_reset)
        _index(_state["old"], _old)
    except OSError:
        _old.clear()


def active() -> bool:
    return _state["file"] is not None


def _read(handle: IO[bytes], offset: int) -> tuple[bytes, bytes]:
    """(header, marshalled value) of the record at ``offset``."""
    header = os.pread(handle.fileno(), _HEADER.size, offset)
    length = _HEADER.unpack(header)[2]
    return header, os.pread(handle.fileno(), length, offset + _HEADER.size)


def _append(record_key: bytes, header: bytes, payload: bytes) -> None:
    handle: IO[bytes] | None = _state["new"]
    if handle is None:
        path: Path = _state["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = _state["new"] = open(path.with_suffix(".tmp"), "w+b")  # noqa: SIM115 (closed by save/_reset)
        handle.write(_MAGIC)
    _new[record_key] = handle.tell()
    handle.write(header + payload)


def get(namespace: str, digest: bytes) -> Any:
    """The kept value, or None (also when no memo is open)."""
    if _state["file"] is None:
        return None
    record_key = bytes([_NAMESPACES.index(namespace)]) + digest
    if (offset := _new.get(record_key)) is not None:
        _state["new"].flush()
        payload = _read(_state["new"], offset)[1]
    elif (offset := _old.get(record_key)) is not None:
        header, payload = _read(_state["old"], offset)
        _append(record_key, header, payload)  # used by this build: kept for the next
    else:
        return None
    try:
        value = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    _state["reused"] += 1
    return value


def put(namespace: str, digest: bytes, value: Any) -> None:
    """Keep ``value``: plain data only (callers turn their objects into tuples)."""
    if _state["file"] is None:
        return
    index = _NAMESPACES.index(namespace)
    record_key = bytes([index]) + digest
    if record_key in _new:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not plain data: not kept
        return
    _append(record_key, _HEADER.pack(index, digest, len(payload)), payload)
    _state["made"] += 1


def stats() -> str:
    """For the build's log (read by tests): results reused from earlier builds, and made by this one."""
    return f"per-file results {_state['reused']} reused, {_state['made']} made" if active() else ""


def save() -> None:
    """After the build was published: keep what it used (written as it went), drop other versions' files."""
    path: Path | None = _state["file"]
    if path is None:
        return
    written = _state["new"] is not None
    _close()
    if written:
        os.replace(path.with_suffix(".tmp"), path)
    for old in path.parent.glob(f"{PREFIX}*"):
        if old != path:
            old.unlink(missing_ok=True)
    _reset()
