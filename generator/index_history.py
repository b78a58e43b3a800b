"""索引号: what git says was published.

Three records, all read with plain ``git`` commands and cached per commit id
(a commit never changes, so ``mkdocs serve`` pays for them once):

* the *base*: ``XXGK_BASE_REF`` (or ``xxgk check --base``; default ``HEAD``),
  the commit the change under check is compared with — its item files
  (:func:`published_numbers`) and its ledger (:func:`committed_ledger`);
* the ledger's *history*: every line ever committed to the ledger on the
  first-parent chains of ``HEAD`` and of the base (:func:`ledger_history`).
  First-parent only, because that chain is what the published branch held;
  lines that lived only on a side branch were never published;
* an item file's *former paths* (:func:`former_paths`, ``git log --follow``),
  so a document moved and later retitled is still recognised as itself.

A base that is set but cannot be read is reported, never silently skipped: an
error in CI (``CI`` set), a warning on an editor's machine. Forty zeros (a
first push) means "no base": only the ledger's own history is checked.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import caches, diskmemo
from .index_ledger import LEDGER

_INDEX_LINE = re.compile(r"^index_no:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_TITLE_LINE = re.compile(r"^title:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_NO_COMMIT = re.compile(r"^0+$")  # GitHub's "before" of a first push
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


class GitError(Exception):
    pass


def git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, check=False, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} 退出码 {result.returncode}")
    return result.stdout


def _quiet(root: Path, *args: str) -> str | None:
    try:
        return git(root, *args).decode().strip()
    except GitError:
        return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def base_ref() -> str:
    return os.environ.get("XXGK_BASE_REF", "").strip() or "HEAD"


@dataclass(frozen=True)
class Base:
    ref: str  # as asked for
    commit: str | None  # resolved; None = no base (first push, no commit yet, outside git, unreadable)
    head: str | None  # HEAD's commit, None outside git or before the first commit
    repo: bool  # inside a git work tree
    shallow: bool = False  # history cut off: the ledger's history cannot be read whole
    error: str = ""  # why a base that was asked for could not be read


def resolve_base(root: Path, ref: str | None = None) -> Base:
    ref = (ref or base_ref()).strip()
    repo = _quiet(root, "rev-parse", "--is-inside-work-tree") == "true"
    head = _quiet(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") if repo else None
    shallow = repo and _quiet(root, "rev-parse", "--is-shallow-repository") == "true"
    if _NO_COMMIT.match(ref):
        return Base(ref, None, head, repo, shallow)
    if ref == "HEAD":  # the default: nothing published yet when there is no commit (or no repository)
        return Base(ref, head, head, repo, shallow)
    if not repo:
        return Base(ref, None, None, False, error=f"不在 git 仓库中，读不到比较基准 {ref}")
    if ref.startswith("-"):
        return Base(ref, None, head, repo, shallow, error=f"“{ref}”不是 git 提交")
    try:
        commit = git(root, "rev-parse", "--verify", f"{ref}^{{commit}}").decode().strip()
    except GitError as exc:
        return Base(ref, None, head, repo, shallow, error=f"找不到比较基准 {ref}（git：{exc}）")
    return Base(ref, commit, head, repo, shallow)


@cache
def _prefix(root: Path) -> str:
    """Where the project sits inside the repository ("" at its top)."""
    return _quiet(root, "rev-parse", "--show-prefix") or ""


def git_prefix(root: Path) -> str:
    """Where the project sits inside its repository (asked once per process)."""
    return _prefix(root.resolve())


@dataclass(frozen=True)
class Published:
    path: str  # relative to the project root
    index_no: str
    title: str


@cache
def _published_at(root: Path, commit: str) -> tuple[Published, ...]:
    """The numbers of a commit's item files; a commit never changes, so what an earlier
    build read of it is taken from the build's memo (``git cat-file`` of every item file
    costs ~0.3 s at 10 000 items, on every build)."""
    prefix = _prefix(root)
    digest = diskmemo.key("published", commit, prefix)
    kept = diskmemo.get("published", digest)
    if kept is not None:
        return tuple(Published(*entry) for entry in kept)
    out = _read_published(root, commit, prefix)
    diskmemo.put("published", digest, tuple((p.path, p.index_no, p.title) for p in out))
    return out


def _read_published(root: Path, commit: str, prefix: str) -> tuple[Published, ...]:
    listing = git(root, "ls-tree", "-r", "-z", "--full-name", commit, "--", "content/items")
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        path = name.decode()
        if path.endswith(".md"):
            entries.append((meta.split()[2].decode(), path[len(prefix) :]))
    if not entries:
        return ()
    blob = git(root, "cat-file", "--batch", data="\n".join(sha for sha, _ in entries).encode() + b"\n")
    out: list[Published] = []
    pos = 0
    for _, path in entries:
        header_end = blob.index(b"\n", pos)
        size = int(blob[pos:header_end].split()[2])
        text = blob[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
        front = text.split("\n---", 1)[0]
        number = _INDEX_LINE.search(front)
        title = _TITLE_LINE.search(front)
        if number:
            out.append(Published(path, number.group(1).strip(), title.group(1).strip() if title else ""))
    return tuple(out)


def published_numbers(root: Path, commit: str | None) -> tuple[Published, ...]:
    """The 索引号 in the item files of ``commit`` (none without a commit)."""
    return _published_at(root.resolve(), commit) if commit else ()


def keep_published(root: Path, commit: str | None) -> None:
    """What :func:`published_numbers` keeps of ``commit`` stays in the memo, as if read: a
    build that took the 索引号 check's result from the memo needs it for the next one."""
    if commit:
        diskmemo.keep("published", diskmemo.key("published", commit, _prefix(root.resolve())))


@cache
def _ledger_blob(root: Path, commit: str) -> bytes | None:
    blob = _quiet(root, "rev-parse", "--verify", "--quiet", f"{commit}:./{LEDGER}")
    return git(root, "cat-file", "blob", blob) if blob else None


def committed_ledger(root: Path, commit: str | None) -> str | None:
    """The ledger's text in ``commit``; None when that commit has no ledger."""
    data = _ledger_blob(root.resolve(), commit) if commit else None
    return data.decode("utf-8", "replace") if data is not None else None


@dataclass(frozen=True)
class Committed:
    """A ledger line as it was first committed."""

    text: str
    commit: str  # "short id（subject）", for messages
    line: int  # its line number in that commit's ledger
    removed_in: str = ""  # the first later commit that removed or changed it, as ``commit``

    @property
    def commit_id(self) -> str:
        return self.commit.split("（", 1)[0].strip()


@dataclass
class History:
    """Every ledger line ever committed, as first committed — read only when some commit
    removed or changed a line; empty when the ledger only ever grew, since the heads'
    versions then hold every line ever committed, and those are compared line by line."""

    first: dict[str, Committed] = field(default_factory=dict)  # 索引号 → first committed line


def _is_prefix(blob_id: str, size: int, tips: list[bytes]) -> bool:
    """Whether the blob ``blob_id`` of ``size`` bytes is the start of one of ``tips``:
    git names a blob by the hash of its content, so hashing a tip's first ``size``
    bytes answers it without reading the old version at all."""
    for tip in tips:
        if len(tip) >= size:
            digest = hashlib.new("sha1" if len(blob_id) == 40 else "sha256", b"blob %d\0" % size)
            digest.update(memoryview(tip)[:size])
            if digest.hexdigest() == blob_id:
                return True
    return False


def _only_appended(root: Path, heads: tuple[str, ...]) -> bool:
    """Fast path: every version the ledger had on the chains is a byte prefix of a
    head's version. Costs a tree walk (no file content) and one hash per version."""
    raw = git(
        root, "log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev", "--no-renames",
        "--format=", *heads, "--", LEDGER,
    ).decode()
    versions = list(dict.fromkeys(line.split()[3] for line in raw.splitlines() if line.startswith(":")))
    if not versions:
        return True
    if any(_NO_COMMIT.match(v) for v in versions):  # the ledger was deleted in some commit
        return False
    tips = [tip for tip in (_ledger_blob(root, head) for head in heads) if tip is not None]
    sizes = git(root, "cat-file", "--batch-check", data="\n".join(versions).encode() + b"\n").decode().split("\n")
    return all(_is_prefix(line.split()[0], int(line.split()[2]), tips) for line in sizes if line)


@cache
def _history(root: Path, heads: tuple[str, ...]) -> History:
    if _only_appended(root, heads):
        return History()  # every line ever committed is still in a head's version, in place
    return _walk(root, heads)


def _walk(root: Path, heads: tuple[str, ...]) -> History:
    """Slow path, only when some commit removed or changed a line: one
    ``git log -p -U0`` over the ledger, to name each line and the commit that lost it."""
    out = git(
        root, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-p", "-U0", "--text",
        "--no-color", "--no-ext-diff", "--no-renames", "--format=%x01%h %s", *heads, "--", LEDGER,
    ).decode("utf-8", "replace")
    history = History()
    removed: dict[str, str] = {}
    for chunk in out.split("\x01")[1:]:
        lines = chunk.split("\n")
        short, _, subject = lines[0].partition(" ")
        commit = f"{short}（{subject[:40]}）" if subject else f"{short} "
        in_header, line = True, 0
        for row in lines[1:]:
            if row.startswith("diff --git "):
                in_header = True
            elif row.startswith("@@"):
                in_header = False
                match = _HUNK.match(row)
                line = int(match.group(1)) if match else 0
            elif in_header:
                continue
            elif row.startswith("+"):
                text = row[1:].removesuffix("\r")
                number = text.split("\t", 1)[0]
                if line > 1 and number and number not in history.first:
                    history.first[number] = Committed(text, commit, line)
                line += 1
            elif row.startswith("-"):
                text = row[1:].removesuffix("\r")
                seen = history.first.get(text.split("\t", 1)[0])
                if seen is not None and seen.text == text:
                    removed.setdefault(text.split("\t", 1)[0], commit)
    for number, commit in removed.items():
        seen = history.first[number]
        history.first[number] = Committed(seen.text, seen.commit, seen.line, commit)
    return history


def ledger_history(root: Path, base: Base) -> History:
    heads = tuple(dict.fromkeys(c for c in (base.head, base.commit) if c))
    return _history(root.resolve(), heads) if heads else History()


@cache
def _former_paths(root: Path, head: str, path: str) -> frozenset[str]:
    prefix = _prefix(root)
    try:
        out = git(root, "log", "--follow", "--name-only", "--format=", head, "--", path).decode("utf-8", "replace")
    except GitError:
        return frozenset()
    return frozenset(name[len(prefix) :] for name in out.splitlines() if name.startswith(prefix) and name)


def former_paths(root: Path, base: Base, path: str) -> frozenset[str]:
    """Every path the committed file at ``path`` had (git's rename detection)."""
    return _former_paths(root.resolve(), base.head, path) if base.head else frozenset()


# Cached per commit id (a commit never changes); registered so caches.reset() empties them too.
for _cached in (_prefix, _published_at, _ledger_blob, _history, _former_paths):
    caches.register(_cached.cache_clear)
