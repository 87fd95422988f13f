"""Annotator tokens for the correction UI: issued once, stored only as a salted scrypt hash.

A token reads `<name in base64url>.<secret>`: the name part says which row to check, so one
verification costs one scrypt, not one per annotator. The secret is 32 random bytes; the
store keeps `scrypt(secret, salt)` and compares with `hmac.compare_digest`. Expired and
revoked annotators are refused. The table is `annotators` (store migration 5); its SQL lives
here, next to the only code that reads it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .store import KnowledgeStore

SECRET_BYTES = 32
SALT_BYTES = 16
# scrypt cost: 16 MiB and ~0.1 s per check on a busy 2-core machine (once per token: later
# checks of the same token use the cache in `Tokens`). The secret is random (256 bits), so the
# hash only has to make a stolen table useless, not slow down guessing a password.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
NAME = re.compile(r"^[\w.@-]{1,64}$")


class TokenError(ValueError):
    """A token or annotator that cannot be used: unknown, malformed, expired or revoked."""


@dataclass(frozen=True)
class Annotator:
    """One row of `annotators`, without the hash."""

    name: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    key_id: str = ""  # a prefix of the stored hash: changes when the token is re-issued

    def state(self, at: datetime) -> str:
        """'active', 'expired' or 'revoked' at time `at`."""
        if self.revoked_at:
            return "revoked"
        if self.expires_at and parse_time(self.expires_at) <= at:
            return "expired"
        return "active"


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def hash_secret(secret: str, salt: bytes) -> str:
    """The stored form of a secret: scrypt with the row's salt, hex."""
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, **SCRYPT).hex()


def make_token(name: str, secret: str) -> str:
    encoded = base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{encoded}.{secret}"


def split_token(token: str) -> tuple[str, str]:
    """(name, secret) of a token; TokenError if it is not of the form `<name>.<secret>`."""
    encoded, dot, secret = token.strip().partition(".")
    if not dot or not encoded or not secret or len(token) > 512:
        raise TokenError("malformed token")
    try:
        name = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("malformed token") from exc
    return name, secret


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise TokenError(f"annotator name {name!r}: use 1-64 letters, digits, '.', '@', '_' "
                         "or '-'")
    return name


def row_annotator(row: Any) -> Annotator:
    key_id = row["token_hash"][:16] if "token_hash" in row.keys() else ""
    return Annotator(row["name"], row["created_at"], row["expires_at"], row["revoked_at"],
                     key_id)


class Tokens:
    """Issue, revoke, list and verify annotator tokens in one store."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        # name -> (stored hash, sha256 of the secret that matched it): a later request with
        # the same token skips scrypt. Keyed by the stored hash, so a re-issued token
        # invalidates it; expiry and revocation are read from the table on every check.
        self._verified: dict[str, tuple[str, bytes]] = {}
        self._cache_lock = threading.Lock()

    def add_user(self, name: str, *, expires_days: float | None = None,
                 at: datetime | None = None) -> str:
        """A new token for `name` (replacing any earlier one); returned once, never stored."""
        check_name(name)
        if expires_days is not None and expires_days <= 0:
            raise TokenError("--expires-days must be positive")
        at = at or utc_now()
        secret = secrets.token_urlsafe(SECRET_BYTES)
        salt = secrets.token_bytes(SALT_BYTES)
        expires = format_time(at + timedelta(days=expires_days)) if expires_days else None
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO annotators (name, token_hash, salt, created_at, expires_at, "
                "revoked_at) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT(name) DO UPDATE SET "
                "token_hash = excluded.token_hash, salt = excluded.salt, "
                "created_at = excluded.created_at, expires_at = excluded.expires_at, "
                "revoked_at = NULL",
                (name, hash_secret(secret, salt), salt.hex(), format_time(at), expires))
        return make_token(name, secret)

    def revoke_user(self, name: str, *, at: datetime | None = None) -> None:
        """Refuse `name`'s token from now on; TokenError if there is no such annotator."""
        with self.store.transaction() as conn:
            cur = conn.execute("UPDATE annotators SET revoked_at = ? WHERE name = ? AND "
                               "revoked_at IS NULL", (format_time(at or utc_now()), name))
            if cur.rowcount == 0 and self.get(name, conn) is None:
                raise TokenError(f"no annotator named {name!r}")

    def users(self) -> list[Annotator]:
        """Every annotator, by name."""
        with self.store.transaction() as conn:
            rows = conn.execute("SELECT name, created_at, expires_at, revoked_at "
                                "FROM annotators ORDER BY name").fetchall()
        return [row_annotator(r) for r in rows]

    def get(self, name: str, conn: Any = None) -> Annotator | None:
        row = self._row(name, conn)
        return row_annotator(row) if row is not None else None

    def active(self, name: str, *, at: datetime | None = None) -> Annotator:
        """The annotator `name` if it exists and is neither expired nor revoked."""
        annotator = self.get(name)
        if annotator is None:
            raise TokenError("unknown annotator")
        state = annotator.state(at or utc_now())
        if state != "active":
            raise TokenError(f"token {state}")
        return annotator

    def verify(self, token: str, *, at: datetime | None = None) -> str:
        """The annotator's name if `token` is valid now; TokenError saying why if not."""
        name, secret = split_token(token)
        row = self._row(name)
        if row is None:
            hash_secret(secret, b"\0" * SALT_BYTES)  # same cost whether or not the name exists
            raise TokenError("invalid token")
        stored = row["token_hash"]
        fast = hashlib.sha256(secret.encode("utf-8")).digest()
        with self._cache_lock:
            cached = self._verified.get(name)
        if cached is not None and cached[0] == stored:
            good = hmac.compare_digest(cached[1], fast)
        else:
            good = hmac.compare_digest(hash_secret(secret, bytes.fromhex(row["salt"])), stored)
            if good:
                with self._cache_lock:
                    self._verified[name] = (stored, fast)
        if not good:
            raise TokenError("invalid token")
        state = row_annotator(row).state(at or utc_now())
        if state != "active":
            raise TokenError(f"token {state}")
        return name

    def _row(self, name: str, conn: Any = None) -> Any:
        sql = ("SELECT name, token_hash, salt, created_at, expires_at, revoked_at "
               "FROM annotators WHERE name = ?")
        if conn is not None:
            return conn.execute(sql, (name,)).fetchone()
        with self.store.transaction() as opened:
            return opened.execute(sql, (name,)).fetchone()
