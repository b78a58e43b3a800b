"""Front matter of every disclosed item: keys, types, dates, vocabularies, attachments."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from .. import diskmemo
from ..config import topics
from ..diagnostics import Level, Problem, Problems, choices_hint
from ..feature import CheckContext
from ..model import Attachment, Item
from ..scaffold import BODY_PLACEHOLDER, PLACEHOLDER_TITLES
from ..schemas import guide_list, label, validate
from ..sources import Source
from .kept import buckets


def _source(item: Item) -> Source:
    return Source(path=item.source, data=item.meta, lines=item.lines)


def _field(key: str) -> str:
    return label("item", (key,))


def _check_dates(item: Item, ctx: CheckContext, problems: Problems) -> None:
    # A date of the right shape that does not exist (02-30) is the schema's "format": "date".
    published, written = item.date("published"), item.date("written")
    if published and published > ctx.today:
        problems.add(
            Problem(
                item.rel, item.line("published"), _field("published"),
                f"发布日期 {published} 晚于今天（{ctx.today}）",
                "发布日期是信息在网站公开的日期；还没到发布日的信息不要合并。",
                rule="item.future",
            )
        )
    if published and written and written > published:
        problems.add(
            Problem(
                item.rel, item.line("written"), _field("written"),
                f"成文日期 {written} 晚于发布日期 {published}",
                "文件总是先成文、后发布：核对两个日期。",
                rule="item.date-order",
            )
        )
    effective, expires = item.date("effective"), item.date("expires")
    if effective and expires and expires < effective:
        problems.add(
            Problem(
                item.rel, item.line("expires"), _field("expires"),
                f"废止日期 {expires} 早于施行日期 {effective}",
                "核对两个日期。",
                rule="item.date-order",
            )
        )


def _check_vocabularies(item: Item, ctx: CheckContext, problems: Problems) -> None:
    genre = item.meta.get("genre")
    genres = ctx.site.config.genres
    if isinstance(genre, str) and genre not in genres:
        problems.add(
            Problem(
                item.rel, item.line("genre"), _field("genre"),
                f"“{genre}”不是体裁分类中的一种",
                choices_hint(genre, genres, guide_list("体裁分类")) + "本机关特有的种类可以写进 site.yml 的 extra_genres。",
                rule="item.genre",
            )
        )
    topic = item.meta.get("topic")
    if isinstance(topic, str) and "\\" not in topic and topic not in topics():
        # A second-level name written alone: name its first level (replaces the schema message).
        seconds = [f"{a}\\{b}" for a, subs in topics().items() for b in subs if b == topic]
        if seconds:
            problems.add(
                Problem(
                    item.rel, item.line("topic"), _field("topic"),
                    f"主题分类要写成“一级\\二级”，“{topic}”是二级分类名",
                    "改为：\n" + "\n".join(f"  {second}" for second in seconds[:5]),
                    rule="item.topic",
                )
            )


def _check_attachments(item: Item, problems: Problems) -> None:
    check_attachments(item.rel, item.source.parent, item.attachments, lambda i: item.line("attachments", i), problems)


def check_attachments(
    where: str, folder: Path, attachments: list[Attachment], line: Callable[[int], int | None], problems: Problems
) -> None:
    """Attachments that cannot be published, by position (also used for the
    annual reports that are documents)."""
    for index, attachment in enumerate(attachments):
        if attachment.problem:
            problems.add(
                Problem(
                    where, line(index), f"附件(attachments).第{index + 1}项",
                    f"“{attachment.file}”：{attachment.problem}",
                    f"把附件文件本身放到 {where.rsplit('/', 1)[0]}/ 中，这里只写文件名。",
                    rule="item.attachment-path",
                )
            )
        elif attachment.size is None:
            # Case-blind: "附件1.PDF" written as "附件1.pdf" is the usual slip (Windows ignores case, the server doesn't).
            names = {p.name.lower(): p.name for p in folder.iterdir() if p.is_file()}
            near = [names[n] for n in difflib.get_close_matches(attachment.file.lower(), list(names), n=1)]
            problems.add(
                Problem(
                    where, line(index), f"附件(attachments).第{index + 1}项",
                    f"找不到附件文件“{attachment.file}”",
                    (f"同一文件夹中有“{near[0]}”，是不是这个？" if near else f"把附件放到 {where.rsplit('/', 1)[0]}/ 中，文件名与这里写的一致。"),
                    rule="item.attachment",
                )
            )


# A year in a 文号 between any brackets but the hexagonal 〔〕 the national
# format uses (GB/T 9704): [2020] (2020) （2020） 【2020】 〈2020〉 ﹝2020﹞ …
_YEAR_IN_BRACKETS = re.compile(r"[\[(（【〈<《﹝［{｛〖〔]\s*((?:19|20)\d{2})\s*[\])）】〉>》﹞］}｝〗〕]")


def doc_no_fix(doc_no: str) -> str | None:
    """The 文号 with its year in 〔〕, when it is written with other brackets."""
    fixed = _YEAR_IN_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", doc_no)
    return fixed if fixed != doc_no else None


def _check_numbers(item: Item, problems: Problems) -> None:
    raw = item.meta.get("index_no")
    if isinstance(raw, str):
        clean = unicodedata.normalize("NFKC", raw).strip()
        if raw != clean or any(c.isspace() for c in clean):
            compact = "".join(clean.split())
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), _field("index_no"),
                    f"索引号“{raw.strip()}”中有空格、换行或全角字符",
                    f"索引号只用半角字符，前后不留空格，写在一行：{compact}",
                    rule="item.index_no-form",
                )
            )
    doc_no = item.meta.get("doc_no")
    if isinstance(doc_no, str) and (fixed := doc_no_fix(doc_no)):
        problems.add(
            Problem(
                item.rel, item.line("doc_no"), _field("doc_no"),
                f"文号“{doc_no}”中的年份括号不对",
                f"文号的年份用六角括号〔〕：{fixed}",
                rule="item.doc_no-brackets",
            )
        )


def _check_placeholders(item: Item, problems: Problems) -> None:
    """What ``xxgk new`` writes for the editor to replace, or a title typed to try it out."""
    title = item.meta.get("title")
    if isinstance(title, str) and title.strip().lower() in PLACEHOLDER_TITLES:
        problems.add(
            Problem(
                item.rel, item.line("title"), _field("title"),
                f"标题“{title.strip()}”是试用时随手写的，不是文件的标题",
                "写文件或信息的完整标题；试用时新建的文件请删除（它的索引号留在台账中，不会再发）。",
                rule="item.placeholder",
            )
        )
    at = item.body.find(BODY_PLACEHOLDER)
    if at != -1:
        problems.add(
            Problem(
                item.rel, item.body_line + item.body.count("\n", 0, at), "正文",
                f"正文还是模板里的“{BODY_PLACEHOLDER}……”",
                "把这一行换成信息的正文（Markdown 格式）；只发附件时写一句说明。",
                rule="item.placeholder",
            )
        )


def check_item(item: Item, ctx: CheckContext) -> Problems:
    """The checks of one item's own file (the preview's fast render runs them on an edited item alone).
    They read the file (its digest), its attachments and the day, besides site.yml, schemas and
    code (the memo's version): an unchanged item's results are taken from the build's memo."""
    key = _kept_key(item, ctx)
    kept = diskmemo.get("checks", key) if key else None
    if kept is not None:
        return Problems([Problem.from_plain(fields) for fields in kept])
    problems = _check_item(item, ctx)
    if key:
        diskmemo.put("checks", key, tuple(p.plain() for p in problems.items))
    return problems


def _kept_key(item: Item, ctx: CheckContext) -> bytes:
    """One item's (its problems, not a bucket's list of them: another key than its bucket of one)."""
    key = _kept_key_of([item], ctx)
    return diskmemo.key("item", key) if key else b""


def _kept_key_of(members: list[Item], ctx: CheckContext) -> bytes:
    """The key the own checks of ``members`` are kept by: what they read (each file's digest,
    path and attachments, and the day), in one digest (a bucket's: one hash, not one an item,
    ~0.02 s at 10 000 items); b"" when it cannot be told."""
    if not diskmemo.active() or not all(item.digest for item in members):
        return b""
    return diskmemo.key(
        "items",
        ctx.today.isoformat(),
        b"".join(item.digest for item in members),  # 16 bytes each
        "\0".join(item.rel for item in members),  # a path holds no NUL
        repr([_attachments(item) for item in members]),
    )


def _attachments(item: Item) -> str:
    """What the checks read of an item's attachments besides its file: and for one not found,
    the names in its folder (the message names the nearest)."""
    if not item.attachments:
        return ""
    kept = [(a.file, a.title, a.size, a.problem, diskmemo.place(a.path)) for a in item.attachments]
    if any(a.size is None and not a.problem for a in item.attachments):
        kept.append(sorted(p.name for p in item.source.parent.iterdir() if p.is_file()))
    return repr(kept)


def _check_item(item: Item, ctx: CheckContext) -> Problems:
    problems = Problems()
    schema_problems = validate(item.meta, "item", _source(item), item.rel)
    vocabulary = Problems()
    _check_vocabularies(item, ctx, vocabulary)
    if any(p.rule == "item.topic" for p in vocabulary.items):
        # One message per mistake: the second-level hint replaces the schema's "not allowed".
        schema_problems = [p for p in schema_problems if not (p.rule == "item.enum" and "(topic)" in p.field)]
    problems.extend(schema_problems)
    problems.extend(vocabulary)
    _check_dates(item, ctx, problems)
    _check_numbers(item, problems)
    _check_attachments(item, problems)
    _check_placeholders(item, problems)
    if not item.body.strip():
        problems.add(
            Problem(item.rel, item.body_line, "正文", "正文是空的", "在头信息之后写正文，或至少写一句说明并附上附件。", Level.WARNING, "item.empty")
        )
    return problems


def _own_problems(ctx: CheckContext) -> dict[str, list[Problem]]:
    """Each item's own problems, by its path."""
    if not diskmemo.active():
        return {item.rel: check_item(item, ctx).items for item in ctx.site.items}
    own: dict[str, list[Problem]] = {}
    for members in buckets(ctx.site):  # checks/kept.py
        key = _kept_key_of(members, ctx)
        kept = diskmemo.get("checks", key) if key else None
        if kept is not None and len(kept) == len(members):
            for item, plain in zip(members, kept, strict=True):
                own[item.rel] = [Problem.from_plain(fields) for fields in plain]
            continue
        found = [check_item(item, ctx).items for item in members]
        for item, problems in zip(members, found, strict=True):
            own[item.rel] = problems
        if key:
            diskmemo.put("checks", key, tuple(tuple(p.plain() for p in problems) for problems in found))
    return own


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    slugs: dict[str, Item] = {}
    own = _own_problems(ctx)
    for item in ctx.site.items:
        problems.extend(own[item.rel])
        other = slugs.get(item.slug)
        # Two items with one 索引号 also share its URL: the 索引号 check already says so.
        same_number = "slug" not in item.meta and other is not None and other.index_no == item.index_no
        if other is not None and not same_number:
            problems.add(
                Problem(
                    item.rel, item.line("slug" if "slug" in item.meta else "index_no"), _field("slug"),
                    f"网址 {item.url} 与 {other.rel} 重复",
                    "给其中一个写不同的 slug。",
                    rule="item.slug",
                )
            )
        slugs.setdefault(item.slug, item)
    return problems
