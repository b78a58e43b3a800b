"""Structured data in the <head> of content pages: a JSON-LD block (schema.org)
and Open Graph tags on item pages, Open Graph on the 指南 and 制度 pages.

The schema.org types, and why:

- the block describes the document itself, identified (``@id``) by its page's
  address, which the page's canonical link also states;
- a 规章 or 行政规范性文件 — any document with a lifecycle (有效性, 施行日期,
  废止日期, a replacement) — is a ``Legislation``: schema.org's type for
  enforceable legal documents, the one with a legal-force status
  (``legislationLegalForce``: 有效 → ``InForce``, 失效/废止 → ``NotInForce``),
  an identifier (文号 → ``legislationIdentifier``), a kind
  (``legislationType``), a date (成文日期 → ``legislationDate``), the body that
  passed it (发文机关 → ``legislationPassedBy``) and the documents it replaces
  (``legislationChanges``); 废止日期 is ``expires``;
- every other document (通知, 公告, 解读, 公示 …) is an ``Article``: a dated
  publication with a headline, the type readers and search engines show as such;
- the publisher and the issuer are ``GovernmentOrganization``s;
- the 索引号 is an ``identifier`` (a ``PropertyValue`` named 索引号): the
  permanent number of the national catalogue;
- attachments are ``associatedMedia`` (``MediaObject`` with format and size).

Lean on purpose (issue 11: it is on every item page, ~50 000 times): compact
JSON, and only what a consumer cannot read elsewhere in the page's own markup —
no WebPage/WebSite wrapper (the <title>, canonical link and ``og:site_name``
say it), no language (``<html lang>``), no column (the breadcrumbs), no logo
(``og:image``), each value once (``headline`` is the title unless the title is
longer than Google reads, then ``name`` carries it whole; a Legislation's
成文日期 is its ``legislationDate`` only). The catalogue's classifications
(主题分类, 体裁分类, 关键词) and the 内容概述 (the page's description
already) are left to the metadata table and to the item's
JSON record (``index.json``, linked from the head as ``alternate``), which
carries every field for data consumers; search engines read none of them.

Every text lands inside JSON (``<`` ``>`` ``&`` escaped as \\u escapes, so a
title can never close the script element) or an attribute (HTML-escaped).
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote

from ..identity import Image, images, site_name
from ..model import Item, Key, Site
from ..validity import EXPIRED, LIFECYCLE_KEYS, REPEALED, VALID, effective_validity, lifecycle
from .records import JSON_NAME, address

_EMBLEM: Key[Image | None] = Key("opendata.emblem")
LEGAL_FORCE = {VALID: "https://schema.org/InForce", EXPIRED: "https://schema.org/NotInForce", REPEALED: "https://schema.org/NotInForce"}


def _json_script(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _meta(prop: str, value: str) -> str:
    return f'<meta property="{prop}" content="{html.escape(value, quote=True)}">'


def _emblem(site: Site) -> Image | None:
    """The emblem, looked up once per build (it is on every item page; a lookup stats files)."""
    return site.memo(_EMBLEM, lambda: images(site.root, site.config).get("emblem"))


def _organization(site: Site, name: str) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "name": name}
    if name == site.config.agency_name and site.config.site_url:
        org["url"] = site.config.site_url
    return org


def _reference(org: dict[str, Any]) -> dict[str, Any]:
    """The same organisation again: by its @id when it has a URL (it is on every item page: bytes, issue 11)."""
    if "url" not in org:
        return org
    org["@id"] = org["url"] + "#agency"
    return {"@id": org["@id"]}


def is_legislation(site: Site, item: Item) -> bool:
    return bool(effective_validity(item, site)) or any(k in item.meta for k in LIFECYCLE_KEYS)


def item_jsonld(site: Site, item: Item) -> dict[str, Any]:
    """The document as schema.org JSON-LD (see the module's notes)."""
    known = bool(site.config.site_url)
    url = address(site, item.url)
    m = item.meta
    publisher = _organization(site, str(m.get("publisher") or site.config.agency_name))
    legislation = is_legislation(site, item)
    written = str(m.get("written") or "") or None
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation" if legislation else "Article",
        "@id": url if known else None,
        "headline": item.title if len(item.title) <= 110 and not legislation else None,
        "name": item.title if len(item.title) > 110 or legislation else None,
        "datePublished": str(m.get("published") or "") or None,
        "dateCreated": None if legislation else written,
        "publisher": publisher,
        "author": _organization(site, str(m["issuer"])) if m.get("issuer") else _reference(publisher),
        "identifier": {"@type": "PropertyValue", "propertyID": "索引号", "value": item.index_no} if item.index_no else None,
    }
    if legislation:
        validity = effective_validity(item, site)
        doc |= {
            "legislationIdentifier": item.doc_no or None,
            "legislationType": item.column.title if item.column else None,
            "legislationDate": written,
            "legislationPassedBy": doc["author"],
            "legislationLegalForce": {"@id": LEGAL_FORCE[validity]} if validity in LEGAL_FORCE else None,
            "expires": str(m.get("expires") or "") or None,
        }
        replaced = lifecycle(site).replaces.get(id(item), [])
        if replaced and known:
            doc["legislationChanges"] = [{"@id": address(site, old.url)} for old in replaced]
    media = [
        {"@type": "MediaObject", "name": a.title, "encodingFormat": a.kind, "contentSize": f"{a.size} B" if a.size is not None else None}
        | ({"contentUrl": url + quote(a.file)} if known else {})
        for a in item.attachments
    ]
    if media:
        doc["associatedMedia"] = [{k: v for k, v in x.items() if v is not None} for x in media]
    return {k: v for k, v in doc.items() if v is not None}


def open_graph(site: Site, title: str, url: str, kind: str = "website") -> list[str]:
    """No og:description: share cards read the page's <meta name="description"> (an item's
    内容概述) when it is absent, and a copy was up to 0.3 KB of an item page (issue 11)."""
    tags = [
        _meta("og:site_name", site_name(site.config)),
        _meta("og:locale", site.config.language.replace("-", "_")),
        _meta("og:type", kind),
        _meta("og:title", title),
    ]
    if site.config.site_url:
        tags.append(_meta("og:url", address(site, url)))
        emblem = _emblem(site)
        if emblem:
            tags.append(_meta("og:image", address(site, emblem.url)))
    return tags


def page_head(site: Site, kind: str, obj: Any) -> str:
    """Open Graph (and JSON-LD for a document) of a content page, tags side by side (no newline: issue 11)."""
    if kind == "item" and isinstance(obj, Item):
        # No article:* tags: the date, column and keywords are the JSON-LD's and the page's (issue 11).
        tags = open_graph(site, obj.title, obj.url, "article")
        # The same document as data (generator/opendata/items.py), beside the page.
        tags.append(f'<link rel="alternate" type="application/json" href="{JSON_NAME}" title="JSON">')
        return "".join([*tags, _json_script(item_jsonld(site, obj))])
    if kind == "zhinan":
        return "".join(open_graph(site, f"{site.config.agency_name}政府信息公开指南", "zhinan/"))
    if kind == "zhidu" and getattr(obj, "title", None) and getattr(obj, "slug", None):
        return "".join(open_graph(site, obj.title, f"zhidu/{obj.slug}/"))
    return ""
