"""Web-app guards: hostile search strings never reach SQL as syntax, oversized bodies get
413, store errors are clear answers, redirects stay on the site, sessions expire, and
`cominer serve` binds 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from webstore import ZH_ID, fill_store

from cominer.cli import main
from cominer.config import Settings
from cominer.store import KnowledgeStore, sqlite3
from cominer.tokens import Tokens
from cominer.web.annotate import FormError, attr_value
from cominer.web.app import create_app
from cominer.web.security import Sessions, parse_form, safe_next

HOSTILE_QUERIES = ["' OR 1=1 --", '"', '"unterminated', "NEAR(", "NEAR(a b", "*", "a*",
                   "OR", "a OR", "NOT x", "-x", "^x", "col:val", "(((", "{a b}", "a\"b",
                   "'; DROP TABLE facts; --", "\x00", "企业 OR", "%", "_", "\\", "a" * 500]
PAGES = ["/", "/api/facts", "/documents", "/api/documents", "/api/facets", "/charts",
         "/facts.csv"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("security") / "s.db"
    fill_store(path)
    return path


@pytest.fixture(scope="module")
def client(db):
    with KnowledgeStore(db, read_only=True) as store, \
            TestClient(create_app(Settings(), store)) as test_client:
        yield test_client


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_search_strings_are_searched_literally(client, db, query):
    for path in PAGES:
        answer = client.get(path, params={"q": query})
        assert answer.status_code == 200, (path, answer.text[:200])
    with KnowledgeStore(db, read_only=True) as store:
        assert len(store.search_facts(limit=100)) == 12  # nothing dropped or changed


def test_sql_injection_matches_nothing_it_should_not(client):
    every = client.get("/api/facts", params={"limit": 100}).json()["total"]
    assert client.get("/api/facts", params={"q": "' OR 1=1 --"}).json()["total"] < every
    assert client.get("/api/facts", params={"q": "x' OR 'a'='a"}).json()["total"] == 0


def test_store_errors_are_clear_answers_not_500(db, monkeypatch):
    with KnowledgeStore(db, read_only=True) as store:
        app = create_app(Settings(), store)
        with TestClient(app, raise_server_exceptions=False) as test_client:
            def broken(*args, **kwargs):
                raise sqlite3.OperationalError("fts5: syntax error near \"NEAR\"")

            monkeypatch.setattr(store, "count_facts", broken)
            answer = test_client.get("/api/facts", params={"q": "NEAR("})
            assert answer.status_code == 400
            assert answer.json()["detail"].startswith("the search could not be run: fts5")
            page = test_client.get("/", params={"q": "NEAR("})
            assert page.status_code == 400 and "the search could not be run" in page.text

            def locked(*args, **kwargs):
                raise sqlite3.OperationalError("database is locked")

            monkeypatch.setattr(store, "count_facts", locked)
            answer = test_client.get("/api/facts")
            assert answer.status_code == 503 and "not available" in answer.json()["detail"]


def test_oversized_bodies_get_413(db, tmp_path):
    copy = tmp_path / "w.db"
    shutil.copy(db, copy)
    settings = replace(Settings(), web=replace(Settings().web, max_body_bytes=1000))
    with KnowledgeStore(copy) as store:
        token = Tokens(store).add_user("ann")
        with TestClient(create_app(settings, store, annotate=True)) as test_client:
            url = f"/api/documents/{ZH_ID}/facts"
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            big = test_client.post(url, content=b"{" + b" " * 5000 + b"}", headers=headers)
            assert big.status_code == 413 and "too large" in big.json()["detail"]

            def chunks():  # no Content-Length: the cap counts what arrives
                for _ in range(10):
                    yield b" " * 400

            chunked = test_client.post(url, content=chunks(), headers=headers)
            assert chunked.status_code == 413
            form = test_client.post("/login", content=b"token=" + b"a" * 2000,
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert form.status_code == 413
            small = test_client.post(url, json={"type": "actor"}, headers=headers)
            assert small.status_code == 400  # under the cap: read and validated


@pytest.mark.parametrize("target, expected", [
    ("/doc/x#f1", "/doc/x#f1"), ("//evil.example/", "/"), ("https://evil.example/", "/"),
    ("/\\evil.example", "/"), ("javascript:alert(1)", "/"), ("/ok\r\nSet-Cookie: x", "/"),
    (None, "/"), ("", "/")])
def test_redirects_stay_on_the_site(target, expected):
    assert safe_next(target) == expected


def test_form_parsing():
    assert parse_form(b"a=1&b=%E4%BC%81&b=2&c=") == {"a": "1", "b": "2", "c": ""}
    with pytest.raises(ValueError):
        parse_form(b"a=\xff")
    with pytest.raises(ValueError):
        parse_form(b"&".join(b"k%d=v" % i for i in range(200)))


def test_attribute_values_from_forms():
    assert attr_value("min", "25%") == 0.25 and attr_value("max", "0.3") == 0.3
    assert attr_value("year", "2014") == 2014 and attr_value("issuer", " 国务院 ") == "国务院"
    assert attr_value("base", "") is None
    with pytest.raises(FormError):
        attr_value("min", "a lot")
    with pytest.raises(FormError):
        attr_value("year", "MMXIV")


def test_sessions_expire_and_end():
    sessions = Sessions(timedelta(hours=1))
    sid, session = sessions.start("ann")
    assert sessions.get(sid) is session and sessions.get("forged") is None
    session.expires -= timedelta(hours=2)
    assert sessions.get(sid) is None
    sid2, _ = sessions.start("ann")
    sessions.end_for("ann")
    assert sessions.get(sid2) is None


def test_serve_binds_loopback_unless_told(db, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append((app, kw)))
    runner = CliRunner()
    assert runner.invoke(main, ["serve", "--db", str(db), "-q"]).exit_code == 0
    app, options = calls[-1]
    assert options["host"] == "127.0.0.1" and app.state.annotate is False
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/static/app.css").status_code == 200
        assert local.get("/static/app.css", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = local.get("/static/app.css", headers={"Host": "evil.example:8000"})
        assert rebound.status_code == 400  # a DNS-rebinding page cannot read it
        # (the store is closed once serve returns: a request that needs it is a clear 503)
        assert local.get("/api/summary").status_code == 503
    result = runner.invoke(main, ["serve", "--db", str(db), "--annotate", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    app, options = calls[-1]
    assert options["host"] == "0.0.0.0" and app.state.annotate is True
    assert "unencrypted" in result.output
    assert {r.path for r in app.routes} >= {"/login", "/review", "/api/facts/{fact_id}/{action}"}
