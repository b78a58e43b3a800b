"""A text made of many rows (a download listing every item) kept between builds, so a
rebuild after one edit formats only the rows that changed (``catalogues/basic.py``).

Each row is named by a digest of its value (its text is a function of the value and the
code); the text is kept whole beside the memo (``build/cache/<name>.rows``), with each
row's digest and where its text ends, under the memo's version (the code: the format).
A rebuild copies the runs of rows that are still there, in the same order, as slices of
the kept text, and makes the others: reading 10 000 rows back one by one, or a record per
row, cost ~0.15 s of a one-edit rebuild at 10 000 items, more than formatting them.
Safe to delete with the rest of ``build/``.
"""

from __future__ import annotations

import array
import marshal
import os
from collections.abc import Callable, Sequence

from . import diskmemo

_MAGIC = "xxgk-kept-rows-1"
SUFFIX = ".rows"


def _read(path: str, version: str) -> tuple[list[bytes], array.array, str] | None:
    try:
        with open(path, "rb") as fh:
            magic, kept_version, keys, ends, text = marshal.loads(fh.read())
        if magic != _MAGIC or kept_version != version:
            return None
        offsets = array.array("Q")
        offsets.frombytes(ends)
        size = len(keys) // 16
        if len(offsets) != size or (size and offsets[-1] != len(text)):
            return None
        return [keys[i * 16 : i * 16 + 16] for i in range(size)], offsets, text
    except (OSError, ValueError, EOFError, TypeError):
        return None


def joined(name: str, keys: Sequence[bytes], make: Callable[[list[int]], list[str]]) -> str:
    """The texts of the rows, concatenated in order. ``keys[i]``: a 16-byte digest of row
    ``i``'s value; ``make(positions)``: the texts of the rows at those positions (the rows
    whose text is not kept). Without a memo (no build cache), every row is made."""
    where = diskmemo.location()
    if where is None:
        return "".join(make(list(range(len(keys)))))
    folder, version = where
    path = os.path.join(folder, name + SUFFIX)
    kept = _read(path, version)
    old_keys, old_ends, old_text = kept if kept is not None else ([], array.array("Q"), "")
    at = {key: i for i, key in enumerate(old_keys)}
    places = [at.get(key) for key in keys]
    missing = [i for i, place in enumerate(places) if place is None]
    made = dict(zip(missing, make(missing), strict=True))
    pieces: list[str] = []
    ends = array.array("Q")
    end = 0
    first = last = -1  # the run of kept rows being copied: its first and last rows in the old text
    for i, place in enumerate(places):
        if first >= 0 and place != last + 1:  # the run ends: its rows' text in one slice
            pieces.append(old_text[old_ends[first - 1] if first else 0 : old_ends[last]])
            first = -1
        if place is None:
            pieces.append(made[i])
            end += len(made[i])
        else:
            first, last = (place if first < 0 else first), place
            end += old_ends[place] - (old_ends[place - 1] if place else 0)
        ends.append(end)
    if first >= 0:
        pieces.append(old_text[old_ends[first - 1] if first else 0 : old_ends[last]])
    text = "".join(pieces)
    if missing or len(old_keys) != len(keys) or old_keys != list(keys):
        tmp = path + ".tmp"
        with open(tmp, "wb") as out:
            out.write(marshal.dumps((_MAGIC, version, b"".join(keys), ends.tobytes(), text)))
        os.replace(tmp, path)
    return text
