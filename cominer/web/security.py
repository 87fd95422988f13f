"""What guards the web app's writes: a request body cap, annotator sessions with their CSRF
token, the login form's own CSRF cookie, and reading a small urlencoded form.

No SQL (tokens live in cominer/tokens.py) and no routes (app.py and annotate.py use these).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from ..tokens import utc_now

SESSION_COOKIE = "cominer_session"
LOGIN_COOKIE = "cominer_login"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_SESSIONS = 10_000  # the oldest go first: a flood of logins cannot fill the memory

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` gets 413 before the app sees it.

    A declared Content-Length over the cap is refused at once; a chunked body is read up to
    the cap and refused when it goes over, so nothing larger is ever held in memory.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await refuse(send, 400, b"bad Content-Length")
                return
            if too_big:
                await refuse(send, 413, b"request body too large (limit %d bytes)"
                             % self.max_bytes)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await refuse(send, 413, b"request body too large (limit %d bytes)"
                             % self.max_bytes)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def refuse(send: Send, status: int, detail: bytes) -> None:
    body = b'{"detail": "' + detail + b'"}'
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def parse_form(body: bytes) -> dict[str, str]:
    """An application/x-www-form-urlencoded body as a dict (the last value of a key wins)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("form is not UTF-8") from exc
    return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=100))


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two tokens; False when either is missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only: a path, never `//host` or `scheme:`."""
    if not target or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


@dataclass
class Session:
    """An annotator logged in through the form: who, the CSRF token of their forms, until when,
    and which of their tokens (`Annotator.key_id`: a re-issued token ends older sessions)."""

    annotator: str
    csrf: str
    expires: datetime
    key_id: str = ""


class Sessions:
    """Server-side sessions in memory, keyed by a random id sent as an HttpOnly cookie."""

    def __init__(self, lifetime: timedelta) -> None:
        self.lifetime = lifetime
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, annotator: str, key_id: str = "") -> tuple[str, Session]:
        session_id = new_secret()
        session = Session(annotator, new_secret(), utc_now() + self.lifetime, key_id)
        with self._lock:
            while len(self._sessions) >= MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[session_id] = session
        return session_id, session

    def get(self, session_id: str | None) -> Session | None:
        """The live session with this id, or None (unknown or expired: then forgotten)."""
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and session.expires <= utc_now():
                del self._sessions[session_id]
                return None
        return session

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id or "", None)

    def end_for(self, annotator: str) -> None:
        """Forget every session of `annotator` (their token was refused)."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.annotator == annotator]:
                del self._sessions[key]
