"""Tiny complete builds for the deploy and nginx tests."""

from __future__ import annotations

from pathlib import Path


def make_site(where: Path, text: str = "第一版", redirects: str | None = None) -> Path:
    """A complete (if tiny) build: index.html, 404.html, a hashed asset and,
    if given, a hand-written ``redirects.map`` (the build's contract)."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "index.html").write_text(f"<h1>{text}</h1>", encoding="utf-8")
    (where / "404.html").write_text("<h1>页面不存在</h1>", encoding="utf-8")
    (where / "assets").mkdir(exist_ok=True)
    (where / "assets/app.12345678.min.js").write_text("console.log(1)", encoding="utf-8")
    if redirects is not None:
        (where / "redirects.map").write_text(redirects, encoding="utf-8")
    return where
