"""The sample site builds, and its pages say they are Simplified Chinese."""

from pathlib import Path


def test_sample_builds_with_zh_cn_pages(sample_build: Path) -> None:
    html = (sample_build / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    assert "政府信息公开" in html
