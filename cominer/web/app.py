"""The reviewers' web app: faceted fact search, documents with their facts in context, charts,
CSV download and a JSON API mirroring `cominer search`.

`create_app(settings, store)` builds it; handlers read the request, ask the store, render a
template. Read-only unless `annotate=True` (`cominer serve --annotate`): then annotate.py adds
the correction routes, each guarded by an annotator token. Request bodies are capped
(`[web] max_body_bytes`). Every asset is served from `static/` by the app itself: no CDN, no
web fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Settings
from ..corrections import Corrections
from ..export import write_csv
from ..extract.records import LABELS
from ..store import KnowledgeStore, sqlite3
from ..tokens import Tokens
from .annotate import EDITABLE_ATTRS, add_annotation_routes
from .security import SESSION_COOKIE, BodyLimit, Sessions
from .views import (
    LANG_COLOURS,
    FactQuery,
    FilterError,
    actors_chart,
    bar_chart,
    document_segments,
    rate_chart,
    read_fact_query,
)

CSV_LIMIT = 100_000
# Only this app's own files: a CDN script or font would not load (and reviewers may be offline).
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "script-src 'self'; object-src 'none'; frame-ancestors 'none'")


def package_dir(name: str) -> str:
    return str(resources.files("cominer.web").joinpath(name))


def fact_query(request: Request, **limits: int) -> FactQuery:
    try:
        return read_fact_query(request.query_params, **limits)
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def create_app(settings: Settings, store: KnowledgeStore, *, page_size: int = 50,
               annotate: bool = False, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over an open store: read-only, or with the correction routes if `annotate`
    (then `store` must be writable). With `allowed_hosts`, a request naming another Host
    gets 400 (a page on another site that rebinds its DNS name to 127.0.0.1 cannot read it)."""
    app = FastAPI(title="cominer", version=__version__, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.annotate = annotate
    templates = Jinja2Templates(directory=package_dir("templates"))
    templates.env.globals.update(labels=LABELS, lang_colours=LANG_COLOURS,
                                 version=__version__, annotate=annotate,
                                 editable_attrs=EDITABLE_ATTRS)
    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")
    app.add_middleware(BodyLimit, max_bytes=settings.web.max_body_bytes)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    sessions = Sessions(timedelta(hours=settings.web.session_hours))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if annotate:  # pages carry a session's CSRF token: no copy in a shared cache
            response.headers["Cache-Control"] = "no-store"
        return response

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        session = sessions.get(request.cookies.get(SESSION_COOKIE)) if annotate else None
        context.setdefault("session", session)
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.endswith(".csv"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)
        response = page(request, "error.html", exc.status_code, detail=exc.detail,
                        status=exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(sqlite3.Error)
    async def store_error(request: Request, exc: sqlite3.Error) -> Response:
        # A query the store could not run: say so (400 for a search it cannot parse, 503 for
        # a busy or unreadable file) instead of a bare 500.
        message = str(exc)
        if "fts5" in message or "syntax" in message:
            return await http_error(request, HTTPException(
                status_code=400, detail=f"the search could not be run: {message}"))
        return await http_error(request, HTTPException(
            status_code=503, detail=f"the knowledge table is not available: {message}"))

    # -- pages ------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def search_page(request: Request) -> Response:
        query = fact_query(request, default_limit=page_size)
        filters = query.store_filters()
        total = store.count_facts(query.q, **filters)
        hits = store.search_facts(query.q, **filters, order=query.sort, descending=query.desc,
                                  limit=query.limit, offset=query.offset)
        facets = store.facet_counts(query.q, **filters)
        documents = store.search_documents(query.q, lang=query.lang or None, limit=5) \
            if query.q else []
        return page(request, "search.html", query=query, hits=hits, total=total,
                    facets=facets, documents=documents)

    @app.get("/documents", response_class=HTMLResponse)
    async def documents_page(request: Request) -> Response:
        query = fact_query(request)
        documents = store.search_documents(query.q, lang=query.lang or None, limit=100) \
            if query.q else []
        return page(request, "documents.html", query=query, documents=documents)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    async def document_page(request: Request, doc_id: str, fact: int | None = None) -> Response:
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id}")
        original = doc["duplicate_of"] or doc_id
        facts = store.facts_for(original)
        segments = document_segments(doc["text"], facts, doc["removed"], focus=fact)
        return page(request, "document.html", doc=doc, facts=facts, segments=segments,
                    focus=fact, query=FactQuery())

    @app.get("/charts", response_class=HTMLResponse)
    async def charts_page(request: Request) -> Response:
        query = fact_query(request)
        data = store.chart_data(query.q, **query.store_filters())
        charts = {
            "years": bar_chart(data["policies_by_year"], "Policies by year of issue"),
            "rates": rate_chart(data["rates"], "Rates by upper bound"),
            "actors": actors_chart(data["actors_by_lang"], "Actors by language"),
        }
        return page(request, "charts.html", query=query, charts=charts, data=data)

    @app.get("/facts.csv")
    async def facts_csv(request: Request) -> Response:
        query = fact_query(request, default_limit=CSV_LIMIT, max_limit=CSV_LIMIT)
        hits = store.search_facts(query.q, **query.store_filters(), order=query.sort,
                                  descending=query.desc, limit=query.limit)
        stream = io.StringIO()
        write_csv(hits, "facts", stream)
        return Response(stream.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="facts.csv"'})

    # -- JSON API (mirrors `cominer search --json`) -----------------------------------

    @app.get("/api/facts")
    async def api_facts(request: Request) -> dict[str, Any]:
        query = fact_query(request, default_limit=100)
        filters = query.store_filters()
        return {"total": store.count_facts(query.q, **filters), "offset": query.offset,
                "facts": store.search_facts(query.q, **filters, order=query.sort,
                                            descending=query.desc, limit=query.limit,
                                            offset=query.offset)}

    @app.get("/api/facets")
    async def api_facets(request: Request) -> dict[str, Any]:
        query = fact_query(request)
        facets = store.facet_counts(query.q, **query.store_filters())
        return {name: [{"value": v, "count": n} for v, n in values]
                for name, values in facets.items()}

    @app.get("/api/documents")
    async def api_documents(request: Request) -> list[dict[str, Any]]:
        query = fact_query(request, default_limit=20)
        if not query.q:
            raise HTTPException(status_code=400, detail="q is required")
        return store.search_documents(query.q, lang=query.lang or None, limit=query.limit)

    @app.get("/api/documents/{doc_id}")
    async def api_document(doc_id: str) -> dict[str, Any]:
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id}")
        return {**doc, "facts": store.facts_for(doc["duplicate_of"] or doc_id)}

    @app.get("/api/charts")
    async def api_charts(request: Request) -> dict[str, Any]:
        query = fact_query(request)
        return store.chart_data(query.q, **query.store_filters())

    @app.get("/api/summary")
    async def api_summary() -> dict[str, Any]:
        return store.summary()

    if annotate:
        add_annotation_routes(app, corrections=Corrections(store), tokens=Tokens(store),
                              sessions=sessions, page=page)
    return app
