"""`cominer annotate add-user | revoke-user | users`: annotator tokens from the command line.

`register_user_commands(group)` adds them to the `annotate` group (cominer/annotate_cli.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .store import KnowledgeStore, StoreError
from .tokens import TokenError, Tokens, utc_now

EXIT_STORE = 3
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=Path("cominer.db"), show_default=True,
                         help="Knowledge-table SQLite file.")


def open_tokens(db_path: Path) -> Tokens:
    try:
        return Tokens(KnowledgeStore(db_path))
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


@click.command("add-user")
@click.argument("name")
@click.option("--expires-days", type=click.FloatRange(min=0, min_open=True),
              help="Days until the token stops working (default: never).")
@db_option
def add_user(name: str, expires_days: float | None, db_path: Path) -> None:
    """Print a new token for annotator NAME (shown once; replaces NAME's earlier token)."""
    tokens = open_tokens(db_path)
    try:
        token = tokens.add_user(name, expires_days=expires_days)
    except TokenError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        tokens.store.close()
    click.echo(token)
    click.echo(f"annotator {name}: keep this token, it is not stored and cannot be shown again",
               err=True)


@click.command("revoke-user")
@click.argument("name")
@db_option
def revoke_user(name: str, db_path: Path) -> None:
    """Refuse annotator NAME's token from now on (sessions end at their next request)."""
    tokens = open_tokens(db_path)
    try:
        tokens.revoke_user(name)
    except TokenError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        tokens.store.close()
    click.echo(f"annotator {name}: revoked", err=True)


@click.command("users")
@db_option
def users(db_path: Path) -> None:
    """List annotators: name, state (active, expired, revoked), created, expires."""
    tokens = open_tokens(db_path)
    try:
        rows = tokens.users()
    finally:
        tokens.store.close()
    at = utc_now()
    for user in rows:
        click.echo(f"{user.name}\t{user.state(at)}\t{user.created_at}\t"
                   f"{user.expires_at or 'never'}")


def register_user_commands(group: click.Group) -> None:
    """Add add-user, revoke-user and users to the `annotate` click group."""
    for command in (add_user, revoke_user, users):
        group.add_command(command)
