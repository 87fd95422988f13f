"""Injected spam: does the cleaner remove seed-like spam put into real pages, without losing text?

A copy of trafilatura's 990 evaluation pages gets spam injected into the HTML, reproducibly
from --seed (the random state of each page depends only on the seed and the page's URL):

  keywords   Chinese gambling or adult keyword blocks with a 400 hotline, as a header at the top
             of the body and a footer at its end (plain text or links, in a div or p)
  hotline    one hotline line ("咨询热线：400-…" or "Hotline: +1 800 …")
  related    a "相似文献" heading followed by 3-5 short linked titles (ul)
  comments   a comment widget: heading "评论" / "Comments" and 2-3 short comments
  pinyin     on Chinese pages, toned pinyin after some Han characters of paragraph text
             (社区 → 社(shè)区), never inside an original `with`/`without` snippet

Besides the header and footer, 2-4 more blocks go at random positions before, inside (between
the children of) and after the main content container (the element with the most <p> children).
The keyword and phrase pools are this script's own words, independent of cominer's lexicons.
The pages are decoded (trafilatura.utils.decode_file), changed with lxml and re-encoded as UTF-8
with a `<meta charset="utf-8">`.

Each injected block has probe strings (its keywords, number, heading, titles, comments; any probe
already in the original page is dropped); a block counts as removed when none of its probes is
in the output. Figures, for cominer and trafilatura alone on the same injected pages:
  * share of injected blocks removed, overall and per kind (target for cominer: >= 0.95);
  * F1/P/R on the ORIGINAL with/without snippets (target: cominer not below trafilatura alone);
  * F1 with each block's first probe added as a `without` snippet;
  * with --control, F1 on the same pages re-encoded without any injection (shows what the
    injection itself costs).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree
from snippets import (
    EXTRACTORS,
    SnippetCounts,
    SnippetPage,
    add_common_arguments,
    count_snippets,
    describe_versions,
    load_trafilatura_pages,
    norm,
    print_table,
    run_extractor,
)
from trafilatura.utils import decode_file

TOOLS = ("cominer", "trafilatura")
KINDS = ("keywords", "hotline", "related", "comments", "pinyin")

# ---------------------------------------------------------------- this benchmark's own pools
GAMBLING = [
    "欧洲杯买球", "足球投注", "真人百家乐", "澳门赌场", "线上娱乐城", "体育竞猜平台", "时时彩计划",
    "老虎机游戏", "棋牌游戏平台", "网上赌球", "百家乐技巧", "皇冠体育", "电子游艺", "首存送彩金",
    "注册送88元", "捕鱼达人", "六合彩开奖结果", "北京赛车pk10", "世界杯竞彩", "篮球让分盘",
]
ADULT = [
    "成人视频", "在线观看", "午夜福利", "国产自拍", "日韩无码", "激情电影", "色情直播",
    "成人小说", "免费黄片", "约炮软件", "裸聊视频", "午夜剧场", "成人影院", "私密视频",
]
SEPARATORS = [" ", " | ", "、", " · ", " / "]
HOTLINE_LABELS_ZH = ["咨询热线", "服务热线", "投注热线", "客服电话", "全国热线"]
HOTLINE_LABELS_EN = ["Hotline", "Call now", "24h hotline", "Customer service"]
RELATED_HEADINGS = ["相似文献"]
TITLE_TOPICS = ["基层治理", "社区营造", "公共服务外包", "乡村振兴", "数字政府", "养老服务",
                "政府购买服务", "城市更新", "集体经济", "志愿服务", "社会组织孵化", "网格化管理"]
TITLE_FRAMES = ["{}中的多元协同研究", "{}的地方实践与反思", "{}绩效评估的指标构建",
                "论{}的制度困境", "{}视角下的居民参与", "{}模式比较：以三个城市为例"]
JOURNALS = ["行政论坛", "城市问题", "社会学评论", "公共管理学报", "中国行政管理"]
COMMENTS_ZH = ["写得很好，支持一下！", "楼主说得对，我们小区也是这样。", "收藏了，下次再看。",
               "顶一个，期待后续更新。", "这篇对我很有帮助，谢谢分享。", "同感，希望有关部门重视。",
               "沙发！", "说得太好了，转给同事看看。"]
COMMENTS_EN = ["Great read, thanks for sharing!", "Same thing happened in my town last year.",
               "Bookmarked for later.", "Totally agree with the author here.",
               "Any chance of a follow-up piece?", "Nice write-up, very helpful."]
USERS = ["小王", "路人甲", "momo", "jack_88", "晴天", "reader42", "老李", "Anna K."]
PINYIN = {
    "社": "shè", "区": "qū", "中": "zhōng", "国": "guó", "人": "rén", "民": "mín", "大": "dà",
    "学": "xué", "生": "shēng", "发": "fā", "展": "zhǎn", "经": "jīng", "济": "jì",
    "政": "zhèng", "府": "fǔ", "公": "gōng", "共": "gòng", "服": "fú", "务": "wù", "会": "huì",
    "作": "zuò", "合": "hé", "新": "xīn", "时": "shí", "代": "dài", "城": "chéng", "市": "shì",
    "村": "cūn", "文": "wén", "化": "huà", "年": "nián", "工": "gōng", "业": "yè", "成": "chéng",
    "理": "lǐ", "治": "zhì", "管": "guǎn", "建": "jiàn", "设": "shè", "实": "shí", "体": "tǐ",
    "制": "zhì", "度": "dù", "改": "gǎi", "革": "gé", "开": "kāi", "放": "fàng", "网": "wǎng",
    "上": "shàng", "高": "gāo", "地": "dì", "方": "fāng", "家": "jiā", "企": "qǐ", "校": "xiào",
}
HAN = re.compile(r"[\u4e00-\u9fff]")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Block:
    """One injected piece: its kind, where it went, and the strings that reveal it."""

    kind: str
    position: str
    probes: list[str]


@dataclass
class InjectedPage:
    page: SnippetPage
    html: bytes
    control: bytes
    blocks: list[Block] = field(default_factory=list)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--control", action="store_true",
                        help="also score the re-encoded pages without injection")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write per-page blocks and results (JSON lines) to this file")
    parser.add_argument("--write-pages", type=Path, default=None,
                        help="write the injected pages (and blocks.jsonl) to this folder")
    return parser.parse_args(argv)


# ---------------------------------------------------------------- spam generators
def hotline_number(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    return f"+1 800 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"


def make_keywords(rng: random.Random) -> tuple[str, list[str]]:
    """A gambling or adult keyword block (with a hotline) as HTML, and its probes."""
    pool = GAMBLING if rng.random() < 0.6 else ADULT
    words = rng.sample(pool, rng.randint(4, 7))
    number = hotline_number(rng, True)
    label = rng.choice(HOTLINE_LABELS_ZH)
    tag = rng.choice(["div", "p"])
    if rng.random() < 0.5:
        body = rng.choice(SEPARATORS).join(
            f'<a href="http://{rng.randint(100, 999)}bet.example/">{html.escape(w)}</a>'
            for w in words)
    else:
        body = html.escape(rng.choice(SEPARATORS).join(words))
    return f"<{tag}>{body} {label}：{number}</{tag}>", [*words, number]


def make_hotline(rng: random.Random, chinese: bool) -> tuple[str, list[str]]:
    zh = chinese or rng.random() < 0.5
    number = hotline_number(rng, zh)
    line = (f"{rng.choice(HOTLINE_LABELS_ZH)}：{number}" if zh
            else f"{rng.choice(HOTLINE_LABELS_EN)}: {number}")
    return f"<p>{html.escape(line)}</p>", [line, number]


def make_title(rng: random.Random) -> str:
    return rng.choice(TITLE_FRAMES).format(rng.choice(TITLE_TOPICS))


def make_related(rng: random.Random) -> tuple[str, list[str]]:
    heading = rng.choice(RELATED_HEADINGS)
    titles = list(dict.fromkeys(make_title(rng) for _ in range(rng.randint(3, 5))))
    items = "".join(
        f'<li><a href="/paper/{rng.randint(10000, 99999)}">{html.escape(t)}</a> '
        f"《{rng.choice(JOURNALS)}》{rng.randint(2008, 2023)}年</li>" for t in titles)
    return f"<div><h3>{heading}</h3><ul>{items}</ul></div>", [heading, *titles]


def make_comments(rng: random.Random, chinese: bool) -> tuple[str, list[str]]:
    zh = chinese or rng.random() < 0.3
    heading = "评论" if zh else "Comments"
    texts = rng.sample(COMMENTS_ZH if zh else COMMENTS_EN, rng.randint(2, 3))
    items = "".join(
        f"<p><b>{html.escape(rng.choice(USERS))}</b> {rng.randint(2015, 2023)}-"
        f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}<br/>{html.escape(t)}</p>"
        for t in texts)
    return f'<div><h3>{heading}</h3><div>{items}</div></div>', [heading, *texts]


def make_block(kind: str, rng: random.Random, chinese: bool) -> tuple[str, list[str]]:
    if kind == "keywords":
        return make_keywords(rng)
    if kind == "hotline":
        return make_hotline(rng, chinese)
    if kind == "related":
        return make_related(rng)
    return make_comments(rng, chinese)


# ---------------------------------------------------------------- injection into the tree
def find_container(body: etree._Element) -> etree._Element:
    """The element with the most <p> children (the main content, roughly); else the body."""
    best, best_count = body, 0
    for element in body.iter("div", "article", "main", "section", "td", "body"):
        count = sum(1 for child in element if child.tag == "p")
        if count > best_count:
            best, best_count = element, count
    return best


def insert_block(body: etree._Element, container: etree._Element, element: etree._Element,
                 position: str, rng: random.Random) -> None:
    """Put element at the top/bottom of the body, or before/inside/after the container."""
    if position == "top" or (position == "before" and container is body):
        body.insert(0, element)
    elif position == "bottom" or (position == "after" and container is body):
        body.append(element)
    elif position == "before":
        container.addprevious(element)
    elif position == "after":
        container.addnext(element)
    else:
        children = len(container)
        container.insert(rng.randint(1, children - 1) if children > 1 else children, element)


def pinyin_candidates(container: etree._Element, protected: list[str]
                      ) -> list[tuple[etree._Element, int]]:
    """(paragraph, index) where pinyin can follow a Han character of the paragraph's own text
    without splitting a protected snippet (the character and the next one in no snippet)."""
    spots = []
    for p in container.iter("p"):
        text = p.text or ""
        for i in range(len(text) - 1):
            pair = text[i:i + 2]
            if text[i] in PINYIN and HAN.match(text[i + 1]) and not any(
                    pair in s for s in protected):
                spots.append((p, i))
    return spots


def inject_pinyin(container: etree._Element, page: SnippetPage, rng: random.Random,
                  original: str) -> list[Block]:
    spots = pinyin_candidates(container, [norm(s) for s in (*page.with_, *page.without)])
    blocks = []
    for p, i in sorted(rng.sample(spots, min(len(spots), rng.randint(3, 6))),
                       key=lambda spot: -spot[1]):  # right to left: earlier indexes stay valid
        char = p.text[i]
        probe = f"{char}({PINYIN[char]})"
        p.text = p.text[:i + 1] + f"({PINYIN[char]})" + p.text[i + 1:]
        if probe not in original:
            blocks.append(Block("pinyin", "inside", [probe]))
    return blocks


def set_utf8(doc: etree._Element) -> None:
    """Drop charset declarations and declare UTF-8 first thing in <head>."""
    for meta in doc.xpath("//meta[@charset or translate(@http-equiv, 'CONTENT-YP', "
                          "'content-yp')='content-type']"):
        meta.getparent().remove(meta)
    head = doc.find("head")
    if head is None:
        head = etree.Element("head")
        doc.insert(0, head)
    head.insert(0, etree.Element("meta", charset="utf-8"))


def serialise(doc: etree._Element) -> bytes:
    return b"<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="utf-8")


def parse_page(raw: bytes) -> tuple[str, etree._Element | None]:
    text = XML_DECLARATION.sub("", decode_file(raw))
    try:
        return text, lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text, None


def block_plan(rng: random.Random) -> list[tuple[str, str]]:
    """(kind, position) of the blocks of one page: header, footer and 2-4 more."""
    plan = [("keywords", rng.choice(["top", "before"])),
            ("keywords", rng.choice(["bottom", "after"]))]
    for kind in rng.sample(["hotline", "related", "comments", "keywords"], rng.randint(2, 4)):
        plan.append((kind, rng.choice(["before", "inside", "after"])))
    return plan


def inject_page(page: SnippetPage, seed: int) -> InjectedPage:
    """The page with spam injected (and the re-encoded page without it, as control)."""
    rng = random.Random(f"{seed}:{page.url}")
    original, doc = parse_page(page.html)
    if doc is None or doc.find("body") is None:
        return InjectedPage(page, page.html, page.html)
    set_utf8(doc)
    control = serialise(doc)
    body = doc.find("body")
    container = find_container(body)
    chinese = page.lang == "zh"
    blocks = []
    for kind, position in block_plan(rng):
        fragment, probes = make_block(kind, rng, chinese)
        probes = [p for p in dict.fromkeys(probes) if p not in original]
        insert_block(body, container, lxml.html.fragment_fromstring(fragment), position, rng)
        if probes:
            blocks.append(Block(kind, position, probes))
    if chinese:
        blocks += inject_pinyin(container, page, rng, original)
    return InjectedPage(page, serialise(doc), control, blocks)


# ---------------------------------------------------------------- scoring
def blocks_left(blocks: list[Block], text: str) -> list[bool]:
    """For each block: is any of its probes still in the output?"""
    normed = norm(text)
    return [any(norm(p) in normed for p in b.probes) for b in blocks]


def removal_table(pages: list[InjectedPage], outputs: dict[str, list[str]]) -> list[list[object]]:
    rows = []
    for tool in TOOLS:
        total, removed = Counter(), Counter()
        for item, text in zip(pages, outputs[tool], strict=True):
            for block, left in zip(item.blocks, blocks_left(item.blocks, text), strict=True):
                total[block.kind] += 1
                removed[block.kind] += not left
        all_total = sum(total.values())
        row = [tool, all_total, sum(removed.values()) / all_total if all_total else 0.0]
        row += [removed[k] / total[k] if total[k] else "-" for k in KINDS]
        rows.append(row)
    return rows


def position_table(pages: list[InjectedPage], outputs: dict[str, list[str]]
                   ) -> list[list[object]]:
    rows = []
    positions = ("top", "before", "inside", "after", "bottom")
    for tool in TOOLS:
        total, removed = Counter(), Counter()
        for item, text in zip(pages, outputs[tool], strict=True):
            for block, left in zip(item.blocks, blocks_left(item.blocks, text), strict=True):
                if block.kind != "pinyin":
                    total[block.position] += 1
                    removed[block.position] += not left
        rows.append([tool, *(removed[p] / total[p] if total[p] else "-" for p in positions)])
    return rows


def snippet_scores(pages: list[InjectedPage], texts: list[str], with_injected: bool
                   ) -> SnippetCounts:
    total = SnippetCounts()
    for item, text in zip(pages, texts, strict=True):
        without = list(item.page.without)
        if with_injected:
            without += [b.probes[0] for b in item.blocks]
        total.add(count_snippets(item.page.with_, without, text))
    return total


def f1_rows(label: str, pages: list[InjectedPage], outputs: dict[str, list[str]],
            with_injected: bool = False) -> list[list[object]]:
    rows = []
    for tool in TOOLS:
        c = snippet_scores(pages, outputs[tool], with_injected)
        rows.append([label, tool, c.f1, c.precision, c.recall, c.tp, c.fp, c.fn, c.tn])
    return rows


def write_dump(path: Path, pages: list[InjectedPage], outputs: dict[str, list[str]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, item in enumerate(pages):
            record = {"page": item.page.file, "url": item.page.url, "lang": item.page.lang,
                      "blocks": [vars(b) for b in item.blocks]}
            for tool in TOOLS:
                text = outputs[tool][i]
                counts = count_snippets(item.page.with_, item.page.without, text)
                record[tool] = {
                    "tp": counts.tp, "fp": counts.fp, "fn": counts.fn,
                    "blocks_left": [b.probes for b, left in zip(
                        item.blocks, blocks_left(item.blocks, text), strict=True) if left]}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_pages(folder: Path, pages: list[InjectedPage]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "blocks.jsonl").open("w", encoding="utf-8") as fh:
        for item in pages:
            (folder / item.page.file).write_bytes(item.html)
            fh.write(json.dumps({"file": item.page.file, "blocks": [vars(b) for b in item.blocks]},
                                ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(describe_versions())
    pages = [inject_page(p, args.seed)
             for p in load_trafilatura_pages(args.data, args.cache, args.limit)]
    if args.write_pages:
        write_pages(args.write_pages, pages)
    outputs = {tool: run_extractor(EXTRACTORS[tool](), [p.html for p in pages]).outputs
               for tool in TOOLS}
    n_blocks = Counter(b.kind for p in pages for b in p.blocks)
    print(f"\n## injected spam (seed {args.seed}; {len(pages)} pages; "
          f"{sum(n_blocks.values())} blocks: "
          + ", ".join(f"{k} {n_blocks[k]}" for k in KINDS) + ")")
    print("\nshare of injected blocks removed (no probe left in the output)")
    print_table(["tool", "blocks", "all", *KINDS], removal_table(pages, outputs))
    print("\nshare removed by position (pinyin excluded)")
    print_table(["tool", "top", "before", "inside", "after", "bottom"],
                position_table(pages, outputs))
    rows = f1_rows("injected, original snippets", pages, outputs)
    rows += f1_rows("injected, + block snippets", pages, outputs, with_injected=True)
    if args.control:
        control = {tool: run_extractor(EXTRACTORS[tool](), [p.control for p in pages]).outputs
                   for tool in TOOLS}
        rows += f1_rows("control (no injection)", pages, control)
    print("\nsnippet scores (micro-averaged, as eval.py)")
    print_table(["pages", "tool", "F1", "P", "R", "tp", "fp", "fn", "tn"], rows)
    if args.dump:
        write_dump(args.dump, pages, outputs)


if __name__ == "__main__":
    main()
