"""Annotator tokens: issued once, stored hashed with a salt, refused when wrong, expired or
revoked; the add-user / revoke-user / users commands."""

from __future__ import annotations

import base64
from datetime import timedelta

import click
import pytest
from click.testing import CliRunner

from cominer.store import KnowledgeStore
from cominer.tokens import TokenError, Tokens, make_token, split_token, utc_now
from cominer.tokens_cli import register_user_commands


@pytest.fixture
def store(tmp_path):
    with KnowledgeStore(tmp_path / "t.db") as opened:
        yield opened


@pytest.fixture
def tokens(store):
    return Tokens(store)


def test_token_verifies_and_only_a_salted_hash_is_stored(tokens, store):
    token = tokens.add_user("alice")
    assert tokens.verify(token) == "alice"
    assert tokens.verify(token) == "alice"  # second check takes the cached path
    row = store.conn.execute("SELECT * FROM annotators WHERE name = 'alice'").fetchone()
    secret = split_token(token)[1]
    assert secret not in row["token_hash"] and len(bytes.fromhex(row["salt"])) == 16
    other = tokens.add_user("bob")
    salt_bob = store.conn.execute("SELECT salt FROM annotators WHERE name = 'bob'").fetchone()[0]
    assert salt_bob != row["salt"] and tokens.verify(other) == "bob"


@pytest.mark.parametrize("bad", ["", "nodot", ".x", "abc.", "!!!.secret", "a" * 600])
def test_malformed_tokens_are_refused(tokens, bad):
    tokens.add_user("alice")
    with pytest.raises(TokenError):
        tokens.verify(bad)


def test_wrong_secret_and_unknown_name_are_refused(tokens):
    token = tokens.add_user("alice")
    name, secret = split_token(token)
    with pytest.raises(TokenError, match="invalid token"):
        tokens.verify(make_token(name, secret[:-1] + ("A" if secret[-1] != "A" else "B")))
    with pytest.raises(TokenError, match="invalid token"):
        tokens.verify(make_token("mallory", secret))
    tokens.verify(token)  # cached now: a wrong secret must still fail
    with pytest.raises(TokenError, match="invalid token"):
        tokens.verify(make_token(name, "x" + secret))


def test_expiry(tokens):
    start = utc_now()
    token = tokens.add_user("carol", expires_days=1, at=start)
    assert tokens.verify(token, at=start + timedelta(hours=23)) == "carol"
    with pytest.raises(TokenError, match="expired"):
        tokens.verify(token, at=start + timedelta(days=1, seconds=1))
    assert tokens.users()[0].state(start + timedelta(days=2)) == "expired"


def test_revocation_and_reissue(tokens):
    old = tokens.add_user("dave")
    tokens.verify(old)
    tokens.revoke_user("dave")
    with pytest.raises(TokenError, match="revoked"):
        tokens.verify(old)
    with pytest.raises(TokenError, match="revoked"):
        tokens.active("dave")
    new = tokens.add_user("dave")  # a new token replaces the old one, which stays refused
    assert tokens.verify(new) == "dave"
    with pytest.raises(TokenError, match="invalid token"):
        tokens.verify(old)
    with pytest.raises(TokenError, match="no annotator"):
        tokens.revoke_user("nobody")


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "semi;colon", "<script>"])
def test_bad_names_are_refused(tokens, name):
    with pytest.raises(TokenError, match="annotator name"):
        tokens.add_user(name)


def test_non_ascii_names_round_trip(tokens):
    token = tokens.add_user("王芳")
    assert base64.urlsafe_b64decode(token.split(".")[0] + "==").decode() == "王芳"
    assert tokens.verify(token) == "王芳"


def test_user_commands(tmp_path):
    group = click.Group("annotate")
    register_user_commands(group)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    added = runner.invoke(group, ["add-user", "erin", "--expires-days", "7", "--db", db])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip().splitlines()[0]
    with KnowledgeStore(db) as store:
        assert Tokens(store).verify(token) == "erin"
    listed = runner.invoke(group, ["users", "--db", db])
    assert listed.stdout.startswith("erin\tactive\t")
    assert runner.invoke(group, ["revoke-user", "erin", "--db", db]).exit_code == 0
    assert "\trevoked\t" in runner.invoke(group, ["users", "--db", db]).stdout
    assert runner.invoke(group, ["revoke-user", "zed", "--db", db]).exit_code == 2
    assert runner.invoke(group, ["add-user", "bad name", "--db", db]).exit_code == 2
    assert runner.invoke(group, ["add-user", "f", "--expires-days", "0", "--db", db]
                         ).exit_code == 2
