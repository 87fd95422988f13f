"""The correction routes of `serve --annotate` through TestClient: tokens on the JSON API,
login sessions and CSRF on the forms, every correction visible at once, the review queue,
and the read-only app without any of them."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from webstore import EN_ID, EN_TEXT, HOSTILE_ID, ZH_ID, ZH_TEXT, fact_id, fill_store

from cominer.config import Settings
from cominer.store import KnowledgeStore
from cominer.tokens import Tokens, utc_now
from cominer.web.app import create_app


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("annotate") / "template.db"
    fill_store(path)
    return path


@pytest.fixture
def store(template_db, tmp_path):
    copy = tmp_path / "w.db"
    shutil.copy(template_db, copy)
    with KnowledgeStore(copy) as opened:
        yield opened


@pytest.fixture
def client(store):
    with TestClient(create_app(Settings(), store, annotate=True)) as test_client:
        yield test_client


@pytest.fixture
def token(store):
    return Tokens(store).add_user("ann")


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: TestClient, token: str, next_path: str = "/") -> str:
    """Log in through the form; the session's CSRF token (read from a page)."""
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    done = client.post("/login", data={"csrf": csrf, "token": token, "next": next_path},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get(f"/doc/{ZH_ID}")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


# -- JSON API: Bearer tokens -----------------------------------------------------------------

def test_api_write_needs_a_valid_token(client, store, token):
    fid = fact_id(store, ZH_ID, "区政府")
    url = f"/api/facts/{fid}/accept"
    missing = client.post(url)
    assert missing.status_code == 401 and "Bearer" in missing.headers["www-authenticate"]
    assert client.post(url, headers={"Authorization": "Basic YTpi"}).status_code == 401
    name, _, secret = token.partition(".")
    for bad in (name + ".wrong", token + "x", "garbage", token.upper()):
        refused = client.post(url, headers=auth(bad))
        assert refused.status_code == 401, bad
        assert refused.json()["detail"] in ("invalid token", "malformed token")
    assert store.facts_for(ZH_ID)[0]["source"] == "rule"  # nothing was written
    done = client.post(url, headers=auth(token))
    assert done.status_code == 200 and done.json()["annotator"] == "ann"
    assert {f["source"] for f in store.facts_for(ZH_ID) if f["text"] == "区政府"} == {"human"}


def test_expired_and_revoked_tokens_are_refused(client, store):
    tokens = Tokens(store)
    expired = tokens.add_user("old", expires_days=1, at=utc_now() - timedelta(days=2))
    revoked = tokens.add_user("gone")
    tokens.revoke_user("gone")
    fid = fact_id(store, ZH_ID, "区政府")
    answer = client.post(f"/api/facts/{fid}/reject", headers=auth(expired))
    assert answer.status_code == 401 and answer.json()["detail"] == "token expired"
    answer = client.post(f"/api/facts/{fid}/reject", headers=auth(revoked))
    assert answer.status_code == 401 and answer.json()["detail"] == "token revoked"
    assert fact_id(store, ZH_ID, "区政府") == fid


def test_api_ignores_session_cookies(client, store, token):
    login(client, token)  # the browser session must not authorise the JSON API (no CSRF there)
    fid = fact_id(store, ZH_ID, "区政府")
    assert client.post(f"/api/facts/{fid}/reject").status_code == 401


def test_every_correction_shows_at_once_in_search_and_document(client, store, token):
    h = auth(token)
    relabel = client.post(f"/api/facts/{fact_id(store, ZH_ID, '居民')}/relabel",
                          json={"label": "citizen"}, headers=h)
    assert relabel.status_code == 200
    rejected = fact_id(store, ZH_ID, "企业", nth=1)
    assert client.post(f"/api/facts/{rejected}/reject", headers=h).json()["fact_id"] is None
    design = fact_id(store, ZH_ID, "共同设计")
    start = ZH_TEXT.index("设计")
    resized = client.post(f"/api/facts/{design}/resize", json={"start": start,
                                                                "end": start + 2}, headers=h)
    assert resized.status_code == 200
    rate = fact_id(store, EN_ID, "pays 12% of its profit to the neighbourhood fund")
    client.post(f"/api/facts/{rate}/relabel", json={"label": "profit_share"}, headers=h)
    new_rate = fact_id(store, EN_ID, "pays 12% of its profit to the neighbourhood fund")
    edited = client.post(f"/api/facts/{new_rate}/attrs",
                         json={"attrs": {"base": "profit", "recipient": "neighbourhood fund",
                                         "min": "10%"}}, headers=h)
    assert edited.status_code == 200, edited.text
    added = client.post(f"/api/documents/{EN_ID}/facts", headers=h, json={
        "type": "actor", "label": "citizen", "start": EN_TEXT.index("partner"),
        "end": EN_TEXT.index("partner") + len("partner")})
    assert added.status_code == 201

    human = client.get("/api/facts", params={"source": "human", "limit": 50}).json()["facts"]
    seen = {(f["label"], f["text"], f["annotator"]) for f in human}
    assert seen == {("citizen", "居民", "ann"), ("design", "设计", "ann"),
                    ("profit_share", "pays 12% of its profit to the neighbourhood fund", "ann"),
                    ("citizen", "partner", "ann")}
    share = next(f for f in human if f["label"] == "profit_share")
    assert share["attrs"] == {"min": 0.1, "max": 0.12, "base": "profit",
                              "recipient": "neighbourhood fund"}
    assert rejected not in {f["fact_id"] for f in store.facts_for(ZH_ID)}
    page = client.get(f"/doc/{ZH_ID}").text
    assert page.count("居民") >= 2 and "citizen" in page
    assert client.get("/", params={"q": "partner"}).text.count("human") >= 1
    actions = [row["action"] for row in client.get("/api/history").json()]
    assert sorted(actions) == sorted(["relabel", "reject", "resize", "relabel", "edit_attrs",
                                      "add"])


@pytest.mark.parametrize("path, body", [
    ("/api/facts/{fid}/relabel", {"label": "nonsense"}),
    ("/api/facts/{fid}/relabel", {}),
    ("/api/facts/{fid}/resize", {"start": 5, "end": 9999}),
    ("/api/facts/{fid}/resize", {"start": "x", "end": 3}),
    ("/api/facts/{fid}/attrs", {"attrs": "not an object"}),
    ("/api/facts/{fid}/fly", {}),
    ("/api/facts/999999/accept", {}),
    ("/api/documents/nope/facts", {"type": "actor", "label": "citizen", "start": 0, "end": 2}),
    (f"/api/documents/{ZH_ID}/facts", {"type": "weather", "label": "x", "start": 0, "end": 2}),
    (f"/api/documents/{ZH_ID}/facts", [1, 2]),
])
def test_bad_corrections_are_400_and_change_nothing(client, store, token, path, body):
    before = store.search_facts(limit=100)
    answer = client.post(path.format(fid=fact_id(store, ZH_ID, "区政府")), json=body,
                         headers=auth(token))
    assert answer.status_code == 400 and answer.json()["detail"]
    assert store.search_facts(limit=100) == before


def test_non_json_body_is_400(client, store, token):
    answer = client.post(f"/api/facts/{fact_id(store, ZH_ID, '区政府')}/relabel",
                         content=b"{nope", headers={**auth(token),
                                                    "Content-Type": "application/json"})
    assert answer.status_code == 400 and "not JSON" in answer.json()["detail"]


# -- HTML forms: login session, CSRF ---------------------------------------------------------

def test_login_sets_a_strict_http_only_session_cookie(client, token):
    form = client.get("/login")
    login_cookie = form.headers["set-cookie"].lower()
    assert "httponly" in login_cookie and "samesite=strict" in login_cookie
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    refused = client.post("/login", data={"token": token}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF field
    wrong = client.post("/login", data={"csrf": csrf, "token": "x.y"}, follow_redirects=False)
    assert wrong.status_code == 401 and "login refused" in wrong.text
    done = client.post("/login", data={"csrf": csrf, "token": token, "next": "//evil.example/"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/"  # no open redirect
    cookie = done.headers["set-cookie"].lower()
    assert cookie.startswith("cominer_session=")
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert '<span id="annotator">ann</span>' in client.get("/").text


def test_form_write_needs_session_and_csrf(client, store, token):
    fid = fact_id(store, ZH_ID, "区政府")
    anonymous = client.post(f"/facts/{fid}/reject", data={"next": "/"}, follow_redirects=False)
    assert anonymous.status_code == 401
    csrf = login(client, token)
    without = client.post(f"/facts/{fid}/reject", data={"next": "/"}, follow_redirects=False)
    assert without.status_code == 403 and "CSRF" in without.text
    wrong = client.post(f"/facts/{fid}/reject", data={"csrf": csrf[:-2] + "xx"},
                        follow_redirects=False)
    assert wrong.status_code == 403
    assert fact_id(store, ZH_ID, "区政府") == fid  # still there
    done = client.post(f"/facts/{fid}/reject", data={"csrf": csrf, "next": f"/doc/{ZH_ID}"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/doc/{ZH_ID}"
    assert "区政府" not in [f["text"] for f in store.facts_for(ZH_ID)]


def test_form_corrections_relabel_resize_attrs_add(client, store, token):
    csrf = login(client, token)
    back = f"/doc/{EN_ID}"
    fid = fact_id(store, EN_ID, "charities")
    done = client.post(f"/facts/{fid}/relabel", data={"csrf": csrf, "label": "social_org",
                                                       "next": back}, follow_redirects=False)
    assert done.status_code == 303 and re.fullmatch(rf"{back}#f\d+", done.headers["location"])
    rate = fact_id(store, EN_ID, "pays 12% of its profit to the neighbourhood fund")
    client.post(f"/facts/{rate}/attrs", data={"csrf": csrf, "attr.min": "12%",
                                              "attr.max": "0.15", "attr.payer": "partner",
                                              "attr.base": ""})
    edited = [f for f in store.facts_for(EN_ID) if f["type"] == "rate"][0]
    assert edited["attrs"] == {"min": 0.12, "max": 0.15, "payer": "partner"}
    assert edited["source"] == "human"
    at = EN_TEXT.index("neighbourhood fund")
    added = client.post(f"/doc/{EN_ID}/facts", data={
        "csrf": csrf, "type": "actor", "label": "social_org", "start": str(at),
        "end": str(at + len("neighbourhood fund")), "attr.min": ""}, follow_redirects=False)
    assert added.status_code == 303
    page = client.get(back).text
    assert page.count("(ann)") == 3  # the three human facts show their annotator
    bad = client.post(f"/facts/{fid}/resize", data={"csrf": csrf, "start": "a", "end": "2"})
    assert bad.status_code == 400 and "not a whole number" in bad.text


def test_revoking_a_token_ends_its_sessions(client, store, token):
    csrf = login(client, token)
    Tokens(store).revoke_user("ann")
    fid = fact_id(store, ZH_ID, "区政府")
    answer = client.post(f"/facts/{fid}/accept", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 401 and "revoked" in answer.text
    assert "log in" in client.get("/").text  # the session is gone


def test_logout_needs_csrf_and_ends_the_session(client, token):
    csrf = login(client, token)
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert 'id="annotator"' not in client.get("/").text


def test_pages_offer_corrections_only_when_logged_in(client, token):
    anonymous = client.get(f"/doc/{ZH_ID}").text
    assert "log in to correct" in anonymous and 'action="/facts/' not in anonymous
    login(client, token)
    page = client.get(f"/doc/{ZH_ID}").text
    for action in ("accept", "reject", "relabel", "resize", "attrs"):
        assert f'data-action="{action}"' in page
    assert 'id="add-fact"' in page and 'id="help"' in page
    search = client.get("/", params={"q": "企业"}).text
    assert 'data-action="reject"' in search and "<th>correct</th>" in search


# -- review queue -----------------------------------------------------------------------------

def test_review_queue_is_least_confident_first(client, store, token):
    queue = client.get("/api/review", params={"limit": 100}).json()
    confidences = [f["confidence"] for f in queue]
    assert confidences == sorted(confidences) and len(queue) == 12
    assert queue[0]["text"] == "居民"
    client.post(f"/api/facts/{queue[0]['fact_id']}/accept", headers=auth(token))
    after = client.get("/api/review", params={"limit": 100}).json()
    assert [f["fact_id"] for f in after] == [f["fact_id"] for f in queue[1:]]
    page = client.get("/review", params={"type": "rate"}).text
    assert page.count('class="fact-row"') == 2 and "0.30" in page
    assert page.index("0.30") < page.index("0.93")
    for bad in ({"type": "weather"}, {"label": "actor"}, {"lang": "fr"}):
        assert client.get("/review", params=bad).status_code == 400
    english = client.get("/review", params={"lang": "en", "label": "design"}).text
    assert english.count('class="fact-row"') == 1 and "…The city council asked two" in english
    assert client.get("/review").headers["cache-control"] == "no-store"


# -- read-only app ----------------------------------------------------------------------------

def test_read_only_app_has_no_write_routes(store, token):
    before = store.search_facts(limit=100)
    with TestClient(create_app(Settings(), store)) as readonly:
        fid = fact_id(store, ZH_ID, "区政府")
        for path in (f"/api/facts/{fid}/accept", f"/facts/{fid}/reject",
                     f"/api/documents/{ZH_ID}/facts", "/login", "/logout"):
            answer = readonly.post(path, headers=auth(token), json={})
            assert answer.status_code in (404, 405), path
        for path in ("/login", "/review", "/api/review", "/api/history"):
            assert readonly.get(path).status_code == 404, path
        page = readonly.get(f"/doc/{ZH_ID}").text
        assert "<form method=\"post\"" not in page and "read-only" in page
    assert store.search_facts(limit=100) == before


def test_hostile_document_text_is_escaped(client, token):
    login(client, token)
    page = client.get(f"/doc/{HOSTILE_ID}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Board&lt;/b&gt;" in page


def test_reissuing_a_token_ends_older_sessions(client, store, token):
    csrf = login(client, token)
    Tokens(store).add_user("ann")  # a new token for ann: the old one and its sessions go
    fid = fact_id(store, ZH_ID, "区政府")
    answer = client.post(f"/facts/{fid}/accept", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 401 and "token replaced" in answer.text


def test_audit_log_page_lists_every_correction(client, store, token):
    fid = fact_id(store, ZH_ID, "居民")
    client.post(f"/api/facts/{fid}/relabel", json={"label": "citizen"}, headers=auth(token))
    client.post(f"/api/facts/{fact_id(store, EN_ID, 'charities')}/reject", headers=auth(token))
    page = client.get("/history").text
    assert page.count("<tr><td class=\"num\">") == 2
    assert "relabel" in page and "reject" in page and "volunteer" in page and "citizen" in page
    only_zh = client.get("/history", params={"doc": ZH_ID}).text
    assert "relabel" in only_zh and "charities" not in only_zh
    rows = client.get("/api/history", params={"doc": ZH_ID}).json()
    assert rows[0]["annotator"] == "ann" and rows[0]["before"]["label"] == "volunteer"
