"""The correction routes, added only by `cominer serve --annotate`.

Two ways in, never mixed:
- the JSON API (`/api/facts/{id}/{action}`, `/api/documents/{doc_id}/facts`) takes
  `Authorization: Bearer <token>` on every request and ignores cookies, so a page on another
  site cannot make a browser call it;
- the HTML forms (`/facts/{id}/{action}`, `/doc/{doc_id}/facts`) need a session from the login
  form (HttpOnly, SameSite=Strict cookie) and the session's CSRF token in a hidden field.

Every write goes through `Corrections` (cominer/corrections.py: validation, history, one
transaction each); a refused or invalid write changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..corrections import CorrectionError, Corrections
from ..extract.records import FACT_TYPES, LABELS
from ..tokens import TokenError, Tokens
from .security import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Session,
    Sessions,
    new_secret,
    parse_form,
    safe_next,
    same_token,
)
from .views import LANGS

ACTIONS = ("accept", "reject", "relabel", "resize", "attrs")
# Attributes the edit form offers per fact type (DESIGN.md, Labels); others are kept as they are.
EDITABLE_ATTRS: dict[str, tuple[str, ...]] = {
    "rate": ("min", "max", "base", "period", "payer", "recipient"),
    "policy": ("title", "issuer", "year", "doc_type", "number", "jurisdiction"),
    "actor": ("canonical",),
    "stage": ("canonical", "step"),
}
ALL_LABELS = tuple(label for labels in LABELS.values() for label in labels)
FRACTION_ATTRS = ("min", "max")
INTEGER_ATTRS = ("year",)
PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")
Page = Callable[..., Response]


class FormError(ValueError):
    """A submitted field that cannot be read (not a number, missing)."""


# -- reading submitted fields (pure) -------------------------------------------------------

def read_int(fields: Mapping[str, Any], key: str) -> int:
    value = fields.get(key)
    if isinstance(value, bool) or value is None or value == "":
        raise FormError(f"{key} is required")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise FormError(f"{key}: not a whole number: {value!r}") from exc


def read_text(fields: Mapping[str, Any], key: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormError(f"{key} is required")
    return value.strip()


def attr_value(key: str, value: Any) -> Any:
    """A submitted attribute: '' clears it; min/max as fractions ('25%' -> 0.25); year an int."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
        if key in FRACTION_ATTRS:
            percent = PERCENT.match(value)
            try:
                number = float(percent.group(1)) / 100 if percent else float(value)
            except ValueError as exc:
                raise FormError(f"{key}: not a fraction or percentage: {value!r}") from exc
            return number
        if key in INTEGER_ATTRS:
            try:
                return int(value)
            except ValueError as exc:
                raise FormError(f"{key}: not a year: {value!r}") from exc
    return value


def read_attrs(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes from a JSON `attrs` object or from form fields named `attr.<key>`.

    An edit changes only the keys given (None or '' removes one): attributes the form does
    not show (a policy's `mentions`) are kept."""
    given = fields.get("attrs")
    if given is not None and not isinstance(given, dict):
        raise FormError("attrs must be an object")
    pairs = dict(given or {})
    pairs.update({k[5:]: v for k, v in fields.items() if k.startswith("attr.") and k[5:]})
    return {key: attr_value(key, value) for key, value in pairs.items()}


def apply_fact_action(corrections: Corrections, fact_id: int, action: str,
                      fields: Mapping[str, Any], annotator: str) -> int | None:
    """Run one correction of fact `fact_id`; the id of the fact that replaces it (None: reject)."""
    if action == "accept":
        return corrections.accept(fact_id, annotator)
    if action == "reject":
        corrections.reject(fact_id, annotator)
        return None
    if action == "relabel":
        return corrections.relabel(fact_id, read_text(fields, "label"), annotator)
    if action == "resize":
        return corrections.resize(fact_id, read_int(fields, "start"), read_int(fields, "end"),
                                  annotator)
    if action == "attrs":
        changes = read_attrs(fields)
        with corrections.batch() as writer:  # read and replace in one transaction
            merged = {**writer.fact(fact_id)["attrs"], **changes}
            return writer.edit_attrs(fact_id, {k: v for k, v in merged.items() if v is not None},
                                     annotator)
    raise FormError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")


def apply_add(corrections: Corrections, doc_id: str, fields: Mapping[str, Any],
              annotator: str) -> int:
    """Add the missing fact the fields describe to document `doc_id`."""
    fact_type = read_text(fields, "type")
    if fact_type not in FACT_TYPES:
        raise FormError(f"type must be one of {', '.join(FACT_TYPES)}")
    attrs = {k: v for k, v in read_attrs(fields).items() if v is not None}
    return corrections.add(doc_id, fact_type, read_text(fields, "label"),
                           read_int(fields, "start"), read_int(fields, "end"), attrs or None,
                           annotator)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def review_filters(request: Request) -> dict[str, str]:
    params = request.query_params
    filters = {key: params[key] for key in ("type", "label", "lang") if params.get(key)}
    if filters.get("type") and filters["type"] not in FACT_TYPES:
        raise HTTPException(status_code=400, detail=f"type must be one of {', '.join(FACT_TYPES)}")
    if filters.get("label") and filters["label"] not in ALL_LABELS:
        raise HTTPException(status_code=400, detail=f"label must be one of {', '.join(ALL_LABELS)}")
    if filters.get("lang") and filters["lang"] not in LANGS:
        raise HTTPException(status_code=400, detail=f"lang must be one of {', '.join(LANGS)}")
    return filters


def review_limit(request: Request) -> int:
    raw = request.query_params.get("limit") or "50"
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        raise HTTPException(status_code=400, detail="limit must be 1-500")
    return int(raw)


# -- routes ---------------------------------------------------------------------------------

def add_annotation_routes(app: FastAPI, *, corrections: Corrections, tokens: Tokens,
                          sessions: Sessions, page: Page) -> None:
    """Login, logout, the review queue, the audit log and every write route."""

    def api_annotator(request: Request) -> str:
        token = bearer(request)
        if token is None:
            raise HTTPException(status_code=401, detail="an annotator token is required "
                                "(Authorization: Bearer TOKEN; cominer annotate add-user)",
                                headers={"WWW-Authenticate": "Bearer"})
        try:
            return tokens.verify(token)
        except TokenError as exc:
            raise HTTPException(status_code=401, detail=str(exc),
                                headers={"WWW-Authenticate": "Bearer"}) from exc

    def form_session(request: Request, form: Mapping[str, str]) -> Session:
        session = sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise HTTPException(status_code=401, detail="log in with an annotator token first")
        if not same_token(form.get(CSRF_FIELD), session.csrf):
            raise HTTPException(status_code=403, detail="CSRF token missing or wrong: reload "
                                "the page and try again")
        try:  # a token revoked, expired or re-issued since login ends the session
            if tokens.active(session.annotator).key_id != session.key_id:
                raise TokenError("token replaced")
        except TokenError as exc:
            sessions.end_for(session.annotator)
            raise HTTPException(status_code=401, detail=f"{exc}: log in again") from exc
        return session

    async def read_form(request: Request) -> dict[str, str]:
        try:
            return parse_form(await request.body())
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc

    async def read_json(request: Request) -> dict[str, Any]:
        body = await request.body()
        if not body:
            return {}
        try:
            data = await request.json()
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise HTTPException(status_code=400, detail="body must be a JSON object")
        return data

    def run(write: Callable[[], Any]) -> Any:
        try:
            return write()
        except (CorrectionError, FormError) as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc

    # -- login ----------------------------------------------------------------------------

    @app.get("/login")
    async def login_page(request: Request) -> Response:
        csrf = new_secret()
        response = page(request, "login.html", login_csrf=csrf,
                        next=safe_next(request.query_params.get("next")))
        set_cookie(request, response, LOGIN_COOKIE, csrf, max_age=3600)
        return response

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await read_form(request)
        if not same_token(form.get(CSRF_FIELD), request.cookies.get(LOGIN_COOKIE)):
            raise HTTPException(status_code=403, detail="CSRF token missing or wrong: reload "
                                "the login page and try again")
        try:
            name = tokens.verify(form.get("token", ""))
        except TokenError as exc:
            raise HTTPException(status_code=401, detail=f"login refused: {exc}") from exc
        session_id, _ = sessions.start(name, tokens.active(name).key_id)
        response = RedirectResponse(safe_next(form.get("next")), status_code=303)
        set_cookie(request, response, SESSION_COOKIE, session_id,
                   max_age=int(sessions.lifetime.total_seconds()))
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        form = await read_form(request)
        form_session(request, form)
        sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- reading: review queue and audit log ------------------------------------------------

    @app.get("/review")
    async def review_page(request: Request) -> Response:
        filters = review_filters(request)
        facts = corrections.review_queue(limit=review_limit(request), **filters)
        return page(request, "review.html", facts=facts, filters=filters)

    @app.get("/api/review")
    async def api_review(request: Request) -> list[dict[str, Any]]:
        return corrections.review_queue(limit=review_limit(request), **review_filters(request))

    @app.get("/history")
    async def history_page(request: Request) -> Response:
        doc_id = request.query_params.get("doc") or None
        rows = corrections.history(doc_id=doc_id, limit=review_limit(request))
        return page(request, "history.html", rows=rows, doc_id=doc_id)

    @app.get("/api/history")
    async def api_history(request: Request) -> list[dict[str, Any]]:
        return corrections.history(doc_id=request.query_params.get("doc") or None,
                                   limit=review_limit(request))

    # -- writing through forms ----------------------------------------------------------------

    @app.post("/facts/{fact_id}/{action}")
    async def form_fact_action(request: Request, fact_id: int, action: str) -> Response:
        form = await read_form(request)
        session = form_session(request, form)
        new_id = run(lambda: apply_fact_action(corrections, fact_id, action, form,
                                               session.annotator))
        return back(form, new_id)

    @app.post("/doc/{doc_id}/facts")
    async def form_add(request: Request, doc_id: str) -> Response:
        form = await read_form(request)
        session = form_session(request, form)
        new_id = run(lambda: apply_add(corrections, doc_id, form, session.annotator))
        return back(form, new_id, default=f"/doc/{doc_id}")

    # -- writing through the JSON API ------------------------------------------------------------

    @app.post("/api/facts/{fact_id}/{action}")
    async def api_fact_action(request: Request, fact_id: int, action: str) -> Response:
        annotator = api_annotator(request)
        fields = await read_json(request)
        new_id = run(lambda: apply_fact_action(corrections, fact_id, action, fields, annotator))
        return JSONResponse({"fact_id": new_id, "action": action, "annotator": annotator})

    @app.post("/api/documents/{doc_id}/facts")
    async def api_add(request: Request, doc_id: str) -> Response:
        annotator = api_annotator(request)
        fields = await read_json(request)
        new_id = run(lambda: apply_add(corrections, doc_id, fields, annotator))
        return JSONResponse({"fact_id": new_id, "action": "add", "annotator": annotator},
                            status_code=201)


def back(form: Mapping[str, str], new_id: int | None, default: str = "/") -> Response:
    """303 to the page the form came from (this site only), on the new fact where there is one."""
    target = safe_next(form.get("next"), default)
    if new_id is not None and "#" not in target:
        target += f"#f{new_id}"
    return RedirectResponse(target, status_code=303)


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
