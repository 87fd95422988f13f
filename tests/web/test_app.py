"""The web app through FastAPI's TestClient over an in-memory store (no server, no browser)."""

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from cominer.config import Settings
from cominer.pipeline import run_sources
from cominer.store import KnowledgeStore
from cominer.web.app import create_app
from cominer.web.views import FactQuery, document_segments


@pytest.fixture(scope="module")
def store(samples_dir):
    with KnowledgeStore(":memory:") as opened:
        run_sources([samples_dir], opened, Settings())
        yield opened


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(Settings(), store)) as test_client:
        yield test_client


def test_search_page_lists_facts_with_facets(client, store):
    page = client.get("/", params={"q": "企业"})
    assert page.status_code == 200
    total = int(re.search(r'<strong id="total">(\d+)</strong>', page.text).group(1))
    assert total == store.count_facts("企业") > 0
    for facet in ("type", "label", "lang", "year", "issuer", "rate", "source"):
        assert f'data-facet="{facet}"' in page.text
    assert 'href="/facts.csv?q=' in page.text
    assert "In documents:" in page.text


def test_three_reviewer_questions_by_url(client, store):
    shares = client.get("/api/facts", params={"q": "基金 OR fund OR trust OR фонд OR quỹ",
                                              "label": "profit_share", "min_rate": "0.15"})
    facts = shares.json()["facts"]
    assert facts and all(max(f["attrs"]["max"], f["attrs"]["min"]) >= 0.15 for f in facts)
    assert {f["lang"] for f in facts} == {"zh", "ru", "vi", "en"}
    policies = client.get("/api/facts", params={"type": "policy", "issuer": "国务院",
                                                "sort": "year"}).json()["facts"]
    years = [f["attrs"]["year"] for f in policies]
    assert years == sorted(years) and all("国务院" in f["attrs"]["issuer"] for f in policies)
    design = client.get("/api/facts?label=design&lang=ru&lang=vi").json()
    assert {f["lang"] for f in design["facts"]} == {"ru", "vi"} and design["total"] >= 2


def test_api_mirrors_the_store(client, store):
    body = client.get("/api/facts", params={"label": "design", "limit": 5}).json()
    assert body["total"] == store.count_facts(label="design")
    assert body["facts"] == store.search_facts(label="design", limit=5)
    facets = client.get("/api/facets", params={"label": "design"}).json()
    assert {f["value"] for f in facets["lang"]} == {"zh", "ru", "vi", "en"}
    assert client.get("/api/summary").json()["documents"] == store.summary()["documents"]
    assert client.get("/api/charts").json()["actors_by_lang"]
    docs = client.get("/api/documents", params={"q": "企業"}).json()
    assert docs and all(d["match"] for d in docs)
    assert client.get("/api/documents").status_code == 400


def test_sorting_and_paging(client, store):
    first = client.get("/api/facts?type=rate&sort=rate&desc=1&limit=3").json()["facts"]
    rates = [max(f["attrs"].get("max") or 0, f["attrs"].get("min") or 0) for f in first]
    assert rates == sorted(rates, reverse=True)
    second = client.get("/api/facts?type=rate&sort=rate&desc=1&limit=3&offset=3").json()
    assert {f["fact_id"] for f in second["facts"]}.isdisjoint(f["fact_id"] for f in first)
    page = client.get("/?type=rate&sort=rate")
    assert 'class="sorted"' in page.text and "next →" in page.text


def test_document_page_highlights_facts_and_collapses_removed_spans(client, store):
    fact = store.search_facts(label="profit_share", lang="zh")[0]
    page = client.get(f"/doc/{fact['doc_id']}", params={"fact": fact["fact_id"]})
    assert page.status_code == 200
    assert f'id="f{fact["fact_id"]}"' in page.text
    focused = re.findall(r'<mark class="fact t-\w+ focus"[^>]*>([^<]*)</mark>', page.text)
    assert "".join(focused) == fact["text"]
    doc = store.document(fact["doc_id"])
    assert page.text.count('<details class="removed">') == len(doc["removed"]) > 0
    assert client.get("/api/documents/" + fact["doc_id"]).json()["facts"]


def test_csv_download(client, store):
    response = client.get("/facts.csv", params={"label": "profit_share", "min_rate": "0.15"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == store.count_facts(label="profit_share", min_rate=0.15)


def test_charts_are_inline_svg(client):
    page = client.get("/charts")
    assert page.text.count("<svg") == 3 and "Policies cited" in page.text


def test_assets_are_served_locally_and_nothing_comes_from_elsewhere(client):
    for path in ("/", "/charts", "/documents?q=fund"):
        html = client.get(path).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not url.startswith(("http://", "https://", "//")), url
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp


def test_user_text_is_escaped(client):
    page = client.get("/", params={"q": "<script>alert(1)</script>", "issuer": '"><b>x'})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text and '"><b>x' not in page.text


@pytest.mark.parametrize("url", ["/?type=nonsense", "/?lang=fr", "/?min_rate=abc",
                                 "/?sort=1;drop", "/api/facts?limit=0", "/api/facts?year=x"])
def test_bad_parameters_are_400(client, url):
    assert client.get(url).status_code == 400


def test_unknown_document_is_404(client):
    assert client.get("/doc/nope").status_code == 404
    assert client.get("/api/documents/nope").status_code == 404


def test_read_only_no_write_routes(client):
    assert client.post("/api/facts").status_code == 405
    assert client.delete("/doc/x").status_code == 405


def test_document_segments_nest_and_place_removed_spans():
    text = "ab企业cd"
    facts = [{"fact_id": 1, "type": "rate", "label": "profit_share", "start": 0, "end": 6},
             {"fact_id": 2, "type": "actor", "label": "enterprise", "start": 2, "end": 4}]
    removed = [{"at": 4, "reason": "spam:seo", "text": "BUY"}]
    segments = document_segments(text, facts, removed, focus=2)
    assert "".join(s.text for s in segments) == text
    kinds = [(s.kind, s.text, s.fact_ids) for s in segments]
    assert kinds == [("anchor", "", ""), ("text", "ab", "1"), ("anchor", "", ""),
                     ("text", "企业", "1 2"), ("removed", "", ""), ("text", "cd", "1")]
    assert segments[3].css_class == "fact t-actor focus"  # the innermost fact's colour


def test_fact_query_urls_keep_filters():
    query = FactQuery(q="企业", lang=["ru"], label="design")
    assert query.url("/facts.csv") == "/facts.csv?q=%E4%BC%81%E4%B8%9A&label=design&lang=ru"
    assert "lang=ru&lang=vi" in query.facet_url("lang", "vi")
    assert [key for key, _, _ in query.active()] == ["q", "label", "lang"]


def test_serve_command_help_and_missing_database(tmp_path):
    from click.testing import CliRunner

    from cominer.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output and "--annotate" in result.output
    missing = CliRunner().invoke(main, ["serve", "--annotate", "--db", str(tmp_path / "no.db")])
    assert missing.exit_code == 3 and "no such database" in missing.output
