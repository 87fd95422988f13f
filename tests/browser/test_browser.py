"""Reviewers' clicks in Chromium: search, filter by a facet, open a document, read the
highlighted fact and the collapsed spam, download the CSV, see the charts."""

from __future__ import annotations

import csv
import re

import pytest


def test_cjk_font_is_installed(browser, cjk_fonts, unavailable):
    if not cjk_fonts:
        unavailable("no CJK font (apt-get install fonts-noto-cjk): Chinese renders as boxes")


def test_search_then_filter_by_facet(page, server, artifacts):
    page.goto(f"{server['url']}/?q=企业")
    total = int(page.locator("#total").inner_text())
    assert total > 0
    evidence = page.locator("#facts tbody td.evidence mark")
    assert evidence.count() > 0
    assert all(t in ("企业", "企業") or "企" in t for t in evidence.all_inner_texts())
    page.screenshot(path=str(artifacts / "search.png"), full_page=False)

    page.locator('[data-facet="label"] a[data-value="enterprise"]').click()
    page.wait_for_url(re.compile(r"label=enterprise"))
    labels = page.locator("#facts tbody tr td:nth-child(2)").all_inner_texts()
    assert labels and set(labels) == {"enterprise"}
    assert int(page.locator("#total").inner_text()) <= total
    assert page.locator(".chip", has_text="label: enterprise").count() == 1


def test_cross_language_label_facet(page, server):
    page.goto(f"{server['url']}/?label=design")
    langs = set(page.locator("#facts tbody tr td:nth-child(3)").all_inner_texts())
    assert langs == {"zh", "ru", "vi", "en"}
    page.locator('[data-facet="lang"] a[data-value="ru"]').click()
    page.wait_for_url(re.compile(r"lang=ru"))
    page.locator('[data-facet="lang"] a[data-value="vi"]').click()
    page.wait_for_url(re.compile(r"lang=vi"))
    langs = set(page.locator("#facts tbody tr td:nth-child(3)").all_inner_texts())
    assert langs == {"ru", "vi"}


def test_open_document_shows_the_fact_highlighted_and_spam_collapsed(page, server, artifacts):
    page.goto(f"{server['url']}/?label=profit_share&lang=zh&min_rate=0.15")
    row = page.locator("#facts tbody tr").first
    evidence = row.locator("td.evidence mark").inner_text()
    row.locator("a.doc-link").click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{64}\?fact=\d+"))
    focused = page.locator(".doc-text mark.fact.focus")
    assert focused.count() >= 1
    assert "".join(focused.all_inner_texts()) == evidence
    assert focused.first.is_visible()
    colour = focused.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 212, 0)"  # --focus

    removed = page.locator(".doc-text details.removed")
    assert removed.count() > 0
    first = removed.first
    assert not first.locator(".removed-text").is_visible()  # collapsed by default
    first.locator("summary").click()
    assert first.locator(".removed-text").is_visible()
    assert first.locator(".removed-text").inner_text().strip()
    page.locator("#toggle-removed").click()
    assert all(d.evaluate("e => e.open") for d in removed.all())
    page.locator("#toggle-removed").click()
    focused.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "document.png"), full_page=False)


def test_csv_download_matches_the_table(page, server, tmp_path):
    page.goto(f"{server['url']}/?label=profit_share&min_rate=0.15")
    total = int(page.locator("#total").inner_text())
    with page.expect_download() as info:
        page.locator("#csv").click()
    target = tmp_path / "facts.csv"
    info.value.save_as(target)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total > 0
    assert {r["label"] for r in rows} == {"profit_share"}
    shown = page.locator("#facts tbody td.evidence mark").all_inner_texts()
    assert [r["text"] for r in rows][:len(shown)] == shown


def test_charts_page_draws_three_charts(page, server, artifacts):
    page.goto(f"{server['url']}/charts")
    for chart in ("chart-years", "chart-rates", "chart-actors"):
        assert page.locator(f"#{chart} svg rect").count() > 0, chart
    page.screenshot(path=str(artifacts / "charts.png"), full_page=True)


def test_no_request_leaves_the_app(page, server):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(server["url"]) else outside.append(r.url))
    for path in ("/", "/?q=企业", "/charts", "/documents?q=фонд"):
        page.goto(f"{server['url']}{path}")
    assert outside == []


@pytest.mark.parametrize("path", ["/?q=<script>alert(1)</script>",
                                  "/documents?q=<img src=x onerror=alert(1)>"])
def test_user_text_is_escaped(page, server, path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server['url']}{path}")
    assert dialogs == [] and page.locator("script:not([src])").count() == 0
