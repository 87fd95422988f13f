"""An annotator's session in Chromium (`serve --annotate`): log in with a token, correct facts
with the keyboard on a document, a search result list and the review queue, add a missing fact
by selecting its text, and see hostile page text shown as text."""

from __future__ import annotations

import re
import shutil

import pytest
from webstore import EN_ID, HOSTILE_ID, ZH_ID, ZH_TEXT, fill_store

from cominer.config import Settings
from cominer.store import KnowledgeStore
from cominer.tokens import Tokens
from cominer.web.app import create_app


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("corrections") / "template.db"
    fill_store(path)
    return path


@pytest.fixture
def annotate_server(template_db, tmp_path, browser, serve_app):
    """A fresh copy of the small store served with corrections on, and a token for 'ann'."""
    db = tmp_path / "w.db"
    shutil.copy(template_db, db)
    store = KnowledgeStore(db)
    token = Tokens(store).add_user("ann")
    with serve_app(create_app(Settings(), store, annotate=True)) as url:
        yield {"url": url, "store": store, "token": token}
    store.close()


@pytest.fixture
def annotator(page, annotate_server):
    """A page logged in as 'ann' through the login form."""
    page.goto(f"{annotate_server['url']}/login")
    page.fill("#token", annotate_server["token"])
    page.locator("form.login button").click()
    page.wait_for_selector("#annotator")
    return page


def rows(page) -> list[tuple[str, str, str]]:
    """(label, evidence, source) of the document page's fact rows."""
    return [(r.locator("td.label").inner_text(), r.locator("td.evidence").inner_text(),
             r.locator("td.source").inner_text()) for r in page.locator("tr.fact-row").all()]


def test_login_cookie_is_http_only_and_strict(annotator, annotate_server):
    assert annotator.locator("#annotator").inner_text() == "ann"
    assert "cominer_session" not in annotator.evaluate("document.cookie")
    cookie = next(c for c in annotator.context.cookies() if c["name"] == "cominer_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_wrong_token_is_refused(page, annotate_server):
    page.goto(f"{annotate_server['url']}/login")
    page.fill("#token", annotate_server["token"][:-3] + "abc")
    page.locator("form.login button").click()
    assert "login refused" in page.locator(".error").inner_text()
    assert page.locator("#annotator").count() == 0


def test_keyboard_accept_reject_relabel_on_a_document(annotator, annotate_server):
    url = annotate_server["url"]
    annotator.goto(f"{url}/doc/{ZH_ID}")
    first = rows(annotator)
    assert [r[1] for r in first][:2] == ["区政府", "企业"] and first[0][2].startswith("rule")
    annotator.keyboard.press("j")
    assert "selected" in annotator.locator("tr.fact-row").first.get_attribute("class")
    annotator.keyboard.press("a")  # accept 区政府
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    assert rows(annotator)[0][2] == "human (ann)"
    annotator.keyboard.press("j")
    annotator.keyboard.press("r")  # reject the first 企业
    annotator.wait_for_function("() => document.querySelectorAll('tr.fact-row').length === 5")
    assert [r[1] for r in rows(annotator)].count("企业") == 1
    last = annotator.locator("tr.fact-row").last
    last.locator("td.span").click()
    annotator.keyboard.press("l")
    select = last.locator('form[data-action="relabel"] select')
    assert select.evaluate("e => e === document.activeElement")
    select.select_option("citizen")
    select.press("Enter")
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    assert ("citizen", "居民", "human (ann)") in rows(annotator)
    history = annotate_server["store"].fact_history(doc_id=ZH_ID)
    assert [h["action"] for h in history] == ["accept", "reject", "relabel"]


def test_select_text_to_add_a_missing_fact(annotator, annotate_server):
    annotator.goto(f"{annotate_server['url']}/doc/{ZH_ID}")
    annotator.evaluate("""() => {
        const root = document.querySelector('.doc-text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode, at = node.data.indexOf('养老服务');
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + 4);
                getSelection().removeAllRanges(); getSelection().addRange(range);
                return;
            }
        }
    }""")
    annotator.wait_for_function("() => document.getElementById('add-start').value !== ''")
    start = ZH_TEXT.index("养老服务")  # code points: 🧧 before it counts once, not twice
    assert annotator.locator("#add-start").input_value() == str(start)
    assert annotator.locator("#add-end").input_value() == str(start + 4)
    assert annotator.locator("#add-text").inner_text() == "养老服务"
    annotator.select_option("#add-type", "stage")
    assert annotator.locator("#add-label option:not([hidden])").all_inner_texts() == [
        "commissioning", "design", "delivery", "management", "evaluation"]
    annotator.select_option("#add-label", "delivery")
    annotator.locator("#add-fact button[type=submit]").click()
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    assert ("delivery", "养老服务", "human (ann)") in rows(annotator)
    added = annotate_server["store"].search_facts(source="human")
    assert [(f["text"], f["start"], f["end"]) for f in added] == [("养老服务", start, start + 4)]


def test_edit_span_and_rate_attributes(annotator, annotate_server):
    annotator.goto(f"{annotate_server['url']}/doc/{EN_ID}")
    rate = annotator.locator("tr.fact-row", has_text="pays 12%")
    rate.locator("td.span").click()
    annotator.keyboard.press("e")
    attrs = rate.locator('form[data-action="attrs"]')
    attrs.locator('input[name="attr.base"]').fill("profit")
    attrs.locator('input[name="attr.recipient"]').fill("neighbourhood fund")
    attrs.locator('input[name="attr.recipient"]').press("Enter")
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    fact = annotate_server["store"].search_facts(type="rate", source="human")[0]
    assert fact["attrs"] == {"min": 0.12, "max": 0.12, "base": "profit",
                             "recipient": "neighbourhood fund"}
    council = annotator.locator("tr.fact-row", has_text="city council")
    council.locator("td.span").click()
    annotator.keyboard.press("e")
    council.locator('input[name="start"]').fill("9")  # "council" without "city "
    council.locator('input[name="start"]').press("Enter")
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    assert annotator.locator("tr.fact-row td.evidence", has_text=re.compile("^council$")
                             ).count() == 1


def test_resize_a_span_by_selecting_text(annotator, annotate_server):
    annotator.goto(f"{annotate_server['url']}/doc/{ZH_ID}")
    annotator.evaluate("""() => {
        const mark = [...document.querySelectorAll('.doc-text mark')]
            .find((m) => m.textContent === '共同设计');
        const range = document.createRange();
        range.setStart(mark.firstChild, 2); range.setEnd(mark.firstChild, 4);  // 设计
        getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    annotator.wait_for_function("() => document.getElementById('add-text').textContent === '设计'")
    row = annotator.locator("tr.fact-row", has_text="共同设计")
    row.locator("td.span").click()  # choosing the row clears the text selection: it is kept
    annotator.keyboard.press("s")
    start = ZH_TEXT.index("设计")
    assert row.locator('input[name="start"]').input_value() == str(start)
    annotator.keyboard.press("Enter")
    annotator.wait_for_url(re.compile(r"#f\d+$"))
    assert ("design", "设计", "human (ann)") in rows(annotator)
    assert "共同设计" not in [r[1] for r in rows(annotator)]


def test_review_queue_and_search_list_by_keyboard(annotator, annotate_server):
    url = annotate_server["url"]
    annotator.goto(f"{url}/review")
    confidences = [float(c) for c in annotator.locator("td.confidence").all_inner_texts()]
    assert confidences == sorted(confidences) and confidences[0] == 0.2
    annotator.keyboard.press("j")
    annotator.keyboard.press("a")
    annotator.wait_for_function(
        "() => document.querySelector('td.confidence').innerText === '0.30'")
    assert len(annotator.locator("td.confidence").all()) == len(confidences) - 1

    annotator.goto(f"{url}/?q=council")
    total = int(annotator.locator("#total").inner_text())
    annotator.keyboard.press("j")
    annotator.keyboard.press("r")
    annotator.wait_for_function(
        f"() => document.getElementById('total').innerText === '{total - 1}'")


def test_help_overlay(annotator, annotate_server):
    annotator.goto(f"{annotate_server['url']}/doc/{ZH_ID}")
    help_box = annotator.locator("#help")
    assert not help_box.is_visible()
    annotator.keyboard.press("?")
    assert help_box.is_visible() and "next / previous fact" in help_box.inner_text()
    annotator.keyboard.press("Escape")
    assert not help_box.is_visible()


def test_form_post_without_csrf_is_refused(annotator, annotate_server):
    fid = annotate_server["store"].facts_for(ZH_ID)[0]["fact_id"]
    status = annotator.evaluate(f"""() => fetch('/facts/{fid}/reject', {{method: 'POST',
        headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}, body: 'next=/'}})
        .then(r => r.status)""")
    assert status == 403
    assert annotate_server["store"].facts_for(ZH_ID)[0]["fact_id"] == fid


def test_page_with_script_shows_it_as_text(annotator, annotate_server):
    dialogs = []
    annotator.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    annotator.goto(f"{annotate_server['url']}/doc/{HOSTILE_ID}")
    assert '<script>alert("owned")</script>' in annotator.locator(".doc-text").inner_text()
    assert "<img src=x onerror=alert(2)>" in annotator.locator(".doc-text").inner_text()
    assert annotator.locator("h1").inner_text() == '<b>Board</b> "notes"'
    assert annotator.locator(".doc-text script, .doc-text img, h1 b").count() == 0
    assert dialogs == []
