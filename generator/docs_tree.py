"""A set of output files, and syncing it onto a docs folder.

Only files whose bytes changed are written, and files no longer produced are
removed, so ``mkdocs serve --dirty`` rebuilds just what an edit touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

KEEP = {".gitkeep"}

# Digest of what we last wrote per absolute path, so a rebuild in the same
# process (mkdocs serve) need not read unchanged files back from disk.
_written: dict[Path, bytes] = {}


@dataclass
class SyncStats:
    written: int = 0
    copied: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class DocsTree:
    texts: dict[str, str] = field(default_factory=dict)  # rel path → text
    copies: dict[str, Path] = field(default_factory=dict)  # rel path → source file

    def add(self, rel: str, text: str) -> None:
        self.texts[rel] = text

    def copy(self, rel: str, source: Path) -> None:
        self.copies[rel] = source

    def paths(self) -> set[str]:
        return set(self.texts) | set(self.copies)

    def sync(self, target: Path) -> SyncStats:
        stats = SyncStats()
        target.mkdir(parents=True, exist_ok=True)
        for rel, text in self.texts.items():
            path = target / rel
            data = text.encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if _written.get(path) == digest and path.exists():
                stats.unchanged += 1
                continue
            if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
                _written[path] = digest
                stats.unchanged += 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            _written[path] = digest
            stats.written += 1
        for rel, source in self.copies.items():
            path = target / rel
            src = source.stat()
            if path.exists():
                dst = path.stat()
                if dst.st_size == src.st_size and dst.st_mtime_ns == src.st_mtime_ns:
                    stats.unchanged += 1
                    continue
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, path)
            stats.copied += 1
        stats.removed = self._prune(target)
        return stats

    def _prune(self, target: Path) -> int:
        wanted = self.paths()
        removed = 0
        for dirpath, _dirnames, filenames in os.walk(target, topdown=False):
            base = Path(dirpath)
            for name in filenames:
                rel = (base / name).relative_to(target).as_posix()
                if rel not in wanted and name not in KEEP:
                    (base / name).unlink()
                    _written.pop(base / name, None)
                    removed += 1
            if base != target and not any(base.iterdir()):
                base.rmdir()
        return removed
