"""Per-file work kept on disk between builds (``build/cache/memo-<version>.records``),
keyed by content: a build after one edit re-reads, re-renders and re-checks
that one file, and takes every other file's results from here.

What is kept, each under a digest of exactly what it is computed from:

- ``source``: a content file parsed (YAML front matter and body, with the line
  of every key), by its path and bytes, while it is too young to be known by its
  times (``loader.py``);
- ``file``: the same but the body, with the digest of its bytes, by its path, size, modification
  and change times and inode (``loader.py``): an unchanged file is not read again,
  and costs one look-up;
- ``text``: the body of a ``file`` record's file, by its digest (read when asked for);
- ``where``: the identity of a ``file`` record, by the digest of its bytes (the same
  bytes under a new identity: a touched file);
- ``markdown``: a Markdown field rendered and cleaned, with what cleaning
  dropped (``markup.render_markdown``), by its text;
- ``marks``: of the same, only what the checks read (what cleaning dropped, the
  URLs: ``markup.field_marks``), by its text;
- ``valid``: documents a schema found valid (``schemas.validate``), by schema
  and data; invalid ones are checked again, so their messages are always fresh;
- ``published``: the 索引号 of a git commit's item files (``index_history.py``),
  by commit;
- ``routing``: an item page's record, its routing values (its shell, its sitemap
  entry) and the small values the site-wide products take from the item (the
  digests of its catalogue row and lookup rows, its numbers' hashes:
  ``pages/items.py``), by the digest of the page's inputs;
- ``product``: what the site-wide products take from one item, kept apart from
  the record and read only when a product showing it is made (its per-item JSON,
  catalogue row, exact-lookup rows: ``pages/items.kept_apart``), by the digest of
  its page's inputs;
- ``checks``: the problems of an item's own checks (``checks/items.py``), by its
  file's digest, its attachments and the day; and those of the 索引号 and policy
  checks, by exactly what they read (``checks/kept.py``).

Item pages' front matter is not kept: a build computes it only for a page whose
inputs changed, while filling (an unchanged page is linked from the published
site), and keeping it cost ~3 KB per item (issue 11).

The other checks across files (catalogues, the inspection) always run on
the whole model. The memo's
version (:func:`version`) covers the code, schemas and templates, the
packages, ``content/site.yml`` and the features, so a change to any of them
starts afresh. It is opened when a build opens the build cache. The file is
appended to: a build writes only what it made (rewriting every record it used
into a new file cost ~80 MB of writes per build at 10 000 items). What a build
neither used nor made is dead; when dead records outweigh live ones, saving
the memo copies the live ones into a new file that replaces the old one, so
deleted content stays at most until then. Every record is a function of its
key, so records appended by a build that then failed are still true. Values
are read from disk when asked for, never held. Safe to delete with the rest
of ``build/``.
"""

from __future__ import annotations

import array
import fcntl
import hashlib
import marshal
import os
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import caches

PREFIX = "memo-"
SUFFIX = ".records"
_NAMESPACES = ("source", "markdown", "valid", "published", "record", "checks", "where", "marks", "product", "file", "text")
# The file is a sequence of records, each a header (namespace, digest, length)
# and the value, plain data (tuples, dicts, strings …) in ``marshal``'s format:
# pickle would store a UTF-8 copy of every string it writes inside the string
# itself (CPython caches it), doubling the model's text for the whole build. Only the offsets are held in memory and a value is read
# when asked for: the memo is about the size of the content (parsed sources), and
# loading it whole, or keeping what a build made until it ends, held all of it
# (issue 11: memory bounded by a constant).
_MAGIC = b"xxgk-memo-2\n"
_HEADER = struct.Struct("<B16sI")

# The memo of the running build: its file (read and appended to through one
# descriptor), the offset and size of every record by key, and the keys this
# build used or made (what stays when the file is compacted).
# A record is (offset << 32 | size), negated once this build used or made it. Ints, not
# tuples and a set of keys: the index holds ~10 records per item (~130 bytes each).
_records: dict[bytes, int] = {}
_SIZE_BITS = 32
_SIZE_MASK = (1 << _SIZE_BITS) - 1
_state: dict[str, Any] = {"file": None, "fd": None, "end": 0, "covered": 0, "reused": 0, "made": 0, "root": ""}


def _close() -> None:
    if _state["fd"] is not None:
        os.close(_state["fd"])
    _state["fd"] = None


def _reset() -> None:
    _close()
    _records.clear()
    _state.update(file=None, end=0, covered=0, reused=0, made=0, root="")


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


_NAMESPACE_INDEX = {name: index for index, name in enumerate(_NAMESPACES)}
_NAMESPACE_BYTE = [bytes((index,)) for index in range(len(_NAMESPACES))]
_NAMESPACE_KEY = {name: bytes((index,)) for index, name in enumerate(_NAMESPACES)}


def _record_key(namespace: int, digest: bytes) -> bytes:
    """A record's key: its namespace's byte, then its digest (bytes, not an int: the saved
    index is these 17 bytes per record, read back by slicing; decoding ~100 000 ints cost ~0.04 s)."""
    return _NAMESPACE_BYTE[namespace] + digest


def _where(record: int) -> tuple[int, int]:
    """(offset, size) of an entry of ``_records``."""
    record = abs(record)
    return record >> _SIZE_BITS, record & _SIZE_MASK


def _index(fd: int, start: int) -> int:
    """The offset and size of every record of a memo file from ``start`` on (values are not
    read); returns where the complete records end (a killed build may have cut the last one)."""
    size = os.fstat(fd).st_size
    offset = start
    with os.fdopen(os.dup(fd), "rb") as handle:  # buffered: one read per many headers
        handle.seek(offset)
        while offset + _HEADER.size <= size:
            namespace, digest, length = _HEADER.unpack(handle.read(_HEADER.size))
            if offset + _HEADER.size + length > size:
                break
            _records[_record_key(namespace, digest)] = offset << _SIZE_BITS | (_HEADER.size + length)
            offset += _HEADER.size + length
            handle.seek(offset)
    return offset


# Beside the records, the index a build saved (``memo-<version>.index``): the inode of the
# records file and how far the index covers it, then every record's key and place. Reading
# it instead of every record's header (~0.15 s at 10 000 items) leaves only what later
# builds appended to walk. It is removed before the records file is replaced.
_INDEX_MAGIC = b"xxgk-memo-index-1\n"
_INDEX_HEAD = struct.Struct("<QQ")
_KEY_BYTES = 17  # a record's key: 16 bytes of digest and the namespace


# What the saved index may leave uncovered: the next build walks those records' headers
# (a one-edit rebuild appends ~20 KB; rewriting the index of ~100 000 records each build
# cost ~0.05 s at 10 000 items).
_INDEX_SLACK = 1 << 20


def _index_path(path: Path) -> Path:
    return path.with_suffix(".index")


def _load_index(fd: int, path: Path) -> int:
    """The records the saved index covers (into ``_records``); returns where they end, or 0."""
    try:
        data = _index_path(path).read_bytes()
    except OSError:
        return 0
    head = len(_INDEX_MAGIC) + _INDEX_HEAD.size
    count, rest = divmod(len(data) - head, _KEY_BYTES + 8)
    if not data.startswith(_INDEX_MAGIC) or count < 0 or rest:
        return 0
    inode, covered = _INDEX_HEAD.unpack_from(data, len(_INDEX_MAGIC))
    if inode != os.fstat(fd).st_ino or not len(_MAGIC) <= covered <= os.fstat(fd).st_size:
        return 0
    keys_end = head + count * _KEY_BYTES
    places = array.array("Q")
    places.frombytes(data[keys_end:])
    _records.update(zip([data[i : i + _KEY_BYTES] for i in range(head, keys_end, _KEY_BYTES)], places, strict=True))
    return covered


def _save_index(path: Path, records: dict[bytes, int], covered: int) -> None:
    tmp = _index_path(path).with_suffix(".index-tmp")
    with open(tmp, "wb") as out:
        out.write(_INDEX_MAGIC + _INDEX_HEAD.pack(os.stat(path).st_ino, covered))
        out.write(b"".join(records))
        out.write(array.array("Q", (abs(place) for place in records.values())).tobytes())
    os.replace(tmp, _index_path(path))


def open_memo(folder: Path, memo_version: str, root: Path | None = None) -> None:
    """Open (or start) the memo of this version in ``folder``, for the project at ``root``."""
    _reset()
    path = folder / f"{PREFIX}{memo_version}{SUFFIX}"
    _state["file"] = path
    _state["root"] = os.path.join(root, "") if root is not None else ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        _state["file"] = None  # no memo: every result is made afresh
        return
    try:
        # One build at a time appends: two would write their records at the same offsets.
        # A second build running beside the first goes without a memo (it redoes the work).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        _state["file"] = None
        return
    _state["fd"] = fd
    end = covered = 0
    if os.pread(fd, len(_MAGIC), 0) == _MAGIC:  # else an older format, or not ours: start afresh
        covered = _load_index(fd, path)
        end = _index(fd, covered or len(_MAGIC))
    if end == 0:
        _records.clear()
        os.ftruncate(fd, 0)
        os.pwrite(fd, _MAGIC, 0)
        end = len(_MAGIC)
    elif end != os.fstat(fd).st_size:
        os.ftruncate(fd, end)  # drop a record cut short; the complete ones before it are sound
    _state["end"], _state["covered"] = end, covered


def place(path: Path) -> str:
    """``path`` as a key names it: relative to the project's folder when it is in it, so a
    project moved or checked out elsewhere (another CI runner's folder) keeps its records."""
    text = str(path)
    root = _state["root"]
    return text[len(root) :] if root and text.startswith(root) else text


def active() -> bool:
    return _state["file"] is not None


def location() -> tuple[Path, str] | None:
    """The open memo's folder and version (None when no memo is open): for what is kept
    beside it, by the same version (``catalogues/basic.py``)."""
    path: Path | None = _state["file"]
    return (path.parent, path.name.removeprefix(PREFIX).removesuffix(SUFFIX)) if path is not None else None


def _append(record_key: int, record: bytes) -> None:
    # One write per record: a build killed between two leaves whole records.
    offset = _state["end"]
    os.pwrite(_state["fd"], record, offset)
    _state["end"] = offset + len(record)
    _records[record_key] = -(offset << _SIZE_BITS | len(record))


def get(namespace: str, digest: bytes) -> Any:
    """The kept value, or None (also when no memo is open)."""
    fd = _state["fd"]
    if fd is None:
        return None
    # ~80 000 calls in a one-edit rebuild at 10 000 items: _record_key and _where inlined.
    record_key = _NAMESPACE_KEY[namespace] + digest
    found = _records.get(record_key)
    if found is None:
        return None
    place = abs(found)
    offset, size = place >> _SIZE_BITS, place & _SIZE_MASK
    try:
        value = marshal.loads(os.pread(fd, size - _HEADER.size, offset + _HEADER.size))
    except (ValueError, EOFError, TypeError, OSError):
        return None
    _records[record_key] = -place  # used by this build: kept for the next
    if namespace != "where":  # the way to a result, not one
        _state["reused"] += 1
    return value


def keep(namespace: str, digest: bytes) -> bool:
    """Whether a value is kept; if so it stays for the next build, as if this one had read it."""
    if _state["fd"] is None:
        return False
    record_key = _NAMESPACE_KEY[namespace] + digest  # ~20 000 calls a rebuild at 10 000 items: as in get
    found = _records.get(record_key)
    if found is None:
        return False
    if found > 0:
        _records[record_key] = -found
    return True


def put(namespace: str, digest: bytes, value: Any, made: bool = True) -> None:
    """Keep ``value``: plain data only (callers turn their objects into tuples).
    ``made=False``: a result found elsewhere in the memo, kept under another key."""
    if _state["fd"] is None:
        return
    index = _NAMESPACE_INDEX[namespace]
    record_key = _record_key(index, digest)
    if record_key in _records:
        _records[record_key] = -abs(_records[record_key])
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not plain data: not kept
        return
    _append(record_key, _HEADER.pack(index, digest, len(payload)) + payload)
    if made and namespace != "where":
        _state["made"] += 1


def made() -> int:
    """How many results this build made afresh so far."""
    return _state["made"]


def stats() -> str:
    """For the build's log (read by tests): results reused from earlier builds, and made by this one."""
    return f"per-file results {_state['reused']} reused, {_state['made']} made" if active() else ""


def save() -> None:
    """After the build was published: compact the file when what this build did not use
    outweighs what it did, and drop other versions' files."""
    path: Path | None = _state["file"]
    fd: int | None = _state["fd"]
    if path is None or fd is None:
        return
    live = sum(-r & _SIZE_MASK for r in _records.values() if r < 0)
    if _state["end"] - len(_MAGIC) - live > live:
        used = sorted((_where(r), k) for k, r in _records.items() if r < 0)
        tmp = path.with_suffix(".tmp")
        kept: dict[bytes, int] = {}
        with open(tmp, "wb") as out:
            out.write(_MAGIC)
            for (offset, size), record_key in used:
                kept[record_key] = out.tell() << _SIZE_BITS | size
                out.write(os.pread(fd, size, offset))
            end = out.tell()
        _index_path(path).unlink(missing_ok=True)  # it describes the file replaced now
        os.replace(tmp, path)
        _save_index(path, kept, end)
    elif not _state["covered"] or _state["end"] - _state["covered"] > _INDEX_SLACK:
        _save_index(path, _records, _state["end"])
    _close()
    for old in path.parent.glob(f"{PREFIX}*"):
        if old not in (path, _index_path(path)):
            old.unlink(missing_ok=True)
    _reset()
