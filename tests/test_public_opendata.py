"""Open data (issue 14), read back as a consumer would: the Atom feeds with a
feed parser (feedparser), the per-item JSON, the JSON-LD with a JSON-LD
processor (pyld) and the Open Graph tags."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import feedparser
import pytest
from conftest import make_project, run_build
from content_kit import mini_project, simple_item
from html_tools import page, resolve
from pyld import jsonld

from generator.loader import load_site
from generator.model import Item, Site
from generator.validity import effective_validity

BASE = "https://xxgk.example.gov.cn/"
SCHEMA = "https://schema.org/"
REPEALED = "doc/xcny00001-2021-00007/"


@pytest.fixture(scope="module")
def model(sample_build: Path) -> Site:
    site, _, _ = load_site(sample_build.parent)
    return site


def local(site_dir: Path, url: str) -> Path:
    """The built file behind a public address of the sample."""
    assert url.startswith(BASE), url
    rel = url.removeprefix(BASE)
    return site_dir / rel / "index.html" if rel.endswith("/") or not rel else site_dir / rel


def test_the_column_feed_holds_the_newest_documents(sample_build: Path, model: Site) -> None:
    feed = feedparser.parse((sample_build / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "溪川县农业农村局政府信息公开"
    assert feed.feed.language == "zh-CN"
    assert {link.rel: link.href for link in feed.feed.links} == {"alternate": BASE, "self": BASE + "atom.xml"}
    newest = [i for i in model.items if i.published][:50]
    assert [e.link for e in feed.entries] == [BASE + i.url for i in newest]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    first = feed.entries[0]
    assert first.title == newest[0].title
    # A 发布日期 is a day in Beijing (feedparser's *_parsed would be in UTC, the day before).
    assert first.published == f"{newest[0].published.isoformat()}T00:00:00+08:00"
    assert feed.feed.updated == first.published  # the newest document's day, not the day of the build
    for entry in feed.entries:
        assert local(sample_build, entry.link).is_file()


def test_each_sub_column_has_its_feed_and_offers_it(sample_build: Path, model: Site) -> None:
    columns = [c for c in model.all_columns() if c.all_items()]
    assert len(columns) > 10
    for column in columns:
        feed = feedparser.parse((sample_build / column.url / "atom.xml").read_bytes())
        assert not feed.bozo
        assert feed.feed.title.endswith("：" + column.title)
        assert [e.link for e in feed.entries] == [BASE + i.url for i in column.all_items() if i.published][:50]
        assert {t.term for e in feed.entries for t in e.tags} <= {c.path for c in column.walk()}
        listing = page(sample_build, column.url)
        offer = [n for n in listing.find_all("nav", cls="xxgk-chips") if n.attrs.get("aria-label") == "订阅"]
        assert resolve(column.url, offer[0].find("a").attrs["href"]) == column.url + "atom.xml"
    head = page(sample_build, "zhinan/").find("head")
    assert resolve("zhinan/", head.find("link", type="application/atom+xml").attrs["href"]) == "atom.xml"


def test_every_item_has_its_json(sample_build: Path, model: Site) -> None:
    for item in model.items:
        data = json.loads((sample_build / item.url / "index.json").read_text(encoding="utf-8"))
        assert (data["index_no"], data["title"], data["url"]) == (item.index_no, item.title, BASE + item.url)
        assert data["published"] == str(item.meta["published"])
        assert data["validity"] == (effective_validity(item, model) or None)
        assert data["column"]["title"] == item.column.title
        for key, value in item.meta.items():  # every field as written
            if key not in ("title", "index_no", "attachments", "keywords"):
                assert data[key] == (value.isoformat() if hasattr(value, "isoformat") else value), key
        assert [a["file"] for a in data["attachments"]] == [a.file for a in item.attachments]
        for a in data["attachments"]:
            path = local(sample_build, unquote(a["url"]))
            assert path.stat().st_size == a["bytes"]
    assert any(item.attachments for item in model.items)


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, offline: every term is a schema.org IRI (what its
    published context declares for the terms used here)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def expanded(site_dir: Path, url: str) -> dict[str, Any]:
    blocks = page(site_dir, url).find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].text())
    [node] = jsonld.expand(data, {"documentLoader": _loader, "base": BASE + url})
    return node


def _value(node: dict[str, Any], term: str) -> Any:
    found = node[SCHEMA + term][0]
    return found.get("@value", found.get("@id", found))


def test_jsonld_of_a_repealed_normative_document(sample_build: Path, model: Site) -> None:
    item = next(i for i in model.items if i.url == REPEALED)
    doc = expanded(sample_build, REPEALED)
    assert doc["@type"] == [SCHEMA + "Legislation"]
    assert doc["@id"] == BASE + REPEALED  # the document, named by its page's address
    assert _value(doc, "legislationLegalForce") == SCHEMA + "NotInForce"
    assert _value(doc, "legislationIdentifier") == item.doc_no
    assert _value(doc, "expires") == str(item.meta["expires"])
    identifier = doc[SCHEMA + "identifier"][0]
    assert (_value(identifier, "propertyID"), _value(identifier, "value")) == ("索引号", item.index_no)
    assert doc[SCHEMA + "publisher"][0]["@type"] == [SCHEMA + "GovernmentOrganization"]
    # Its replacement, in force, names it among the documents it changes.
    new = next(i for i in model.items if i.index_no == item.meta["superseded_by"])
    changed = expanded(sample_build, new.url)
    assert _value(changed, "legislationLegalForce") == SCHEMA + "InForce"
    assert {c["@id"] for c in changed[SCHEMA + "legislationChanges"]} >= {BASE + REPEALED}


def test_jsonld_of_every_document_is_a_legislation_or_an_article(sample_build: Path, model: Site) -> None:
    kinds: dict[str, int] = {}
    for item in model.items:
        doc = expanded(sample_build, item.url)
        kind = doc["@type"][0].removeprefix(SCHEMA)
        kinds[kind] = kinds.get(kind, 0) + 1
        assert doc["@id"] == BASE + item.url
        # The title once: an Article's headline (Google reads 110 characters), else its name.
        assert _value(doc, "headline" if kind == "Article" and len(item.title) <= 110 else "name") == item.title
        if item.meta.get("written"):
            assert _value(doc, "dateCreated" if kind == "Article" else "legislationDate") == str(item.meta["written"])
        assert doc[SCHEMA + "publisher"][0]["@type"] == [SCHEMA + "GovernmentOrganization"]
        assert SCHEMA + "author" in doc
        assert _value(doc, "datePublished") == str(item.meta["published"])
        assert (kind == "Legislation") == bool(effective_validity(item, model) or _has_lifecycle(item))
        media = doc.get(SCHEMA + "associatedMedia", [])
        assert [_value(m, "contentUrl") for m in media] == [BASE + item.url + quote(a.file) for a in item.attachments]
    assert kinds["Legislation"] >= 5 and kinds["Article"] >= 30


def _has_lifecycle(item: Item) -> bool:
    return any(k in item.meta for k in ("validity", "effective", "expires", "superseded_by"))


def test_open_graph_names_the_page_and_the_site(sample_build: Path, model: Site) -> None:
    item = next(i for i in model.items if i.url == REPEALED)
    head = page(sample_build, REPEALED).find("head")
    og = {m.attrs["property"]: m.attrs["content"] for m in head.find_all("meta") if "property" in m.attrs}
    assert og["og:title"] == item.title and og["og:type"] == "article"
    assert og["og:url"] == head.find("link", rel="canonical").attrs["href"] == BASE + REPEALED
    assert og["og:site_name"] == "溪川县农业农村局政府信息公开" and og["og:locale"] == "zh_CN"
    assert og["og:image"] == BASE + "assets/agency/emblem.png"
    # A share card's text: the page's description (no og:description copy of it).
    assert "og:description" not in og and head.find("meta", name="description").attrs["content"] == item.meta["summary"][:120]
    assert resolve(REPEALED, head.find("link", type="application/json").attrs["href"]) == REPEALED + "index.json"


def test_a_title_cannot_leave_the_jsonld_block(tmp_path: Path) -> None:
    title = '关于</script><script>alert(1)</script>&<!-- 的通知'
    source = mini_project(tmp_path / "source", {"zcwj/qtwj/a.md": simple_item(title, "2025-03-01", 1, summary="</script>")})
    site_yml = source / "content/site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "website:\n  url: https://t.example.gov.cn/\n", encoding="utf-8")
    project = make_project(tmp_path / "project", source / "content")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    [url] = [p.parent.relative_to(project / "site").as_posix() + "/" for p in (project / "site/doc").glob("*/index.html")]
    text = (project / "site" / url / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert block and json.loads(block.group(1))["headline"] == title
    assert "alert(1)</script>" not in text.split("<body", 1)[0].replace(block.group(0), "")
    data = json.loads((project / "site" / url / "index.json").read_text(encoding="utf-8"))
    assert data["title"] == title
    feed = feedparser.parse((project / "site/atom.xml").read_bytes())
    assert feed.entries[0].title == title
