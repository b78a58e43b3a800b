"""A text of many rows kept between builds (``generator/kept_rows.py``: the catalogue's
CSV and JSON downloads): a rebuild makes only the rows whose digest is new, and what it
returns is always the text of every row made afresh, whatever changed between builds
(rows edited, added, removed, moved; another version of the code)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import diskmemo, kept_rows


@pytest.fixture
def memo(tmp_path: Path) -> Iterator[Path]:
    diskmemo.open_memo(tmp_path, "v1")
    yield tmp_path
    diskmemo.save()


def _key(n: int) -> bytes:
    return diskmemo.key(str(n))


TEXTS = {_key(n): f"第{n}行," + "汉" * (n % 5) + "\r\n" for n in range(300)}


def _joined(keys: list[bytes], made: list[int]) -> str:
    def make(at: list[int]) -> list[str]:
        made.extend(at)
        return [TEXTS[keys[i]] for i in at]

    return kept_rows.joined("rows", keys, make)


def test_a_rebuild_makes_only_the_rows_whose_digest_is_new(memo: Path) -> None:
    keys = list(TEXTS)[:100]
    made: list[int] = []
    assert _joined(keys, made) == "".join(TEXTS[k] for k in keys)
    assert made == list(range(100))  # the first build makes every row
    made.clear()
    edited = keys[:40] + [list(TEXTS)[200]] + keys[41:]  # row 40 edited (a new digest)
    assert _joined(edited, made) == "".join(TEXTS[k] for k in edited)
    assert made == [40]
    made.clear()
    assert _joined(edited, made) == "".join(TEXTS[k] for k in edited)
    assert made == []


def test_whatever_changed_the_text_is_that_of_every_row_made_afresh(memo: Path) -> None:
    rng = random.Random(11)
    pool = list(TEXTS)
    keys = pool[:50]
    for _ in range(150):
        for _ in range(rng.randint(0, 4)):
            op = rng.random()
            if op < 0.3 and keys:
                keys[rng.randrange(len(keys))] = rng.choice(pool)
            elif op < 0.6:
                keys.insert(rng.randint(0, len(keys)), rng.choice(pool))
            elif op < 0.8 and keys:
                keys.pop(rng.randrange(len(keys)))
            elif keys:
                keys.append(keys.pop(0))
        assert _joined(keys, []) == "".join(TEXTS[k] for k in keys)


def test_rows_kept_by_another_version_of_the_code_are_not_used(memo: Path) -> None:
    keys = list(TEXTS)[:20]
    made: list[int] = []
    kept_rows.joined("rows", keys, lambda at: ["旧格式\n" for _ in at])  # the old code's format
    diskmemo.save()
    diskmemo.open_memo(memo, "v2")  # the code changed: the memo's version with it
    assert _joined(keys, made) == "".join(TEXTS[k] for k in keys)
    assert made == list(range(20))


def test_a_damaged_file_means_every_row_is_made(memo: Path) -> None:
    keys = list(TEXTS)[:20]
    _joined(keys, [])
    path = memo / f"rows{kept_rows.SUFFIX}"
    path.write_bytes(path.read_bytes()[:-7])  # cut short (a full disk)
    made: list[int] = []
    assert _joined(keys, made) == "".join(TEXTS[k] for k in keys)
    assert made == list(range(20))


def test_without_a_memo_every_row_is_made(tmp_path: Path) -> None:
    diskmemo._reset()
    made: list[int] = []
    keys = list(TEXTS)[:5]
    assert _joined(keys, made) == "".join(TEXTS[k] for k in keys)
    assert made == list(range(5))
