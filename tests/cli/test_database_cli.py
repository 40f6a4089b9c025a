"""`--database URL` on every command, REGVAULT_DATABASE, `regvault database use|move`, and the databases Regvault
must refuse with a sentence and exit 2, writing nothing: an unreachable server, a wrong password, another
program's database, one from a newer Regvault."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from store_engines import postgres_url

from desktop_app.emulator import Emulator
from desktop_app.store import DatabaseLocation, Store

from .test_backup_cli import Cli


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:25", seed=5, throttle="off") as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}@{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}:{password}@{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _tables(schema: str) -> dict[str, list[Any]]:
    """Every table of the schema with its rows: what "nothing written" is checked against."""
    location = DatabaseLocation.parse(postgres_url(schema))
    conn = psycopg2.connect(**location.connect_params())
    try:
        cur = conn.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1", (schema,))
        names = [r[0] for r in cur.fetchall()]
        found = {}
        for name in names:
            cur.execute(f'SELECT * FROM "{schema}"."{name}" ORDER BY 1')
            found[name] = cur.fetchall()
        return found
    finally:
        conn.close()


def _sql(schema: str, *statements: str) -> None:
    conn = psycopg2.connect(**DatabaseLocation.parse(postgres_url(schema)).connect_params())
    conn.autocommit = True
    try:
        for statement in statements:
            conn.cursor().execute(statement)
    finally:
        conn.close()


def _refused(cli: Cli, url: str, *expected: str) -> str:
    code, document = cli.json("tenants", "--database", url)
    assert code == 2
    message = document["error"]["message"]
    for text in expected:
        assert text in message
    assert "Nothing was written" in message or "left untouched" in message
    code, out, err = cli("backup", "--tenant", "contoso.com", "--database", url)
    assert code == 2 and out == ""
    assert err.startswith("regvault-backup failed tenant=contoso.com ")
    assert expected[0] in err
    assert not (cli.data_dir / "regvault.sqlite").exists()  # no fallback onto the local file either
    return message


def test_an_unreachable_server_is_a_sentence_and_exit_2(cli: Cli) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    message = _refused(cli, f"postgresql://regvault@127.0.0.1:{port}/regvault", "could not be reached")
    assert f"127.0.0.1:{port}" in message


def test_a_wrong_password_is_a_sentence_and_exit_2_and_writes_nothing(cli: Cli, postgres_schema: str) -> None:
    before = _tables(postgres_schema)
    url = _with_password(postgres_url(postgres_schema), "not-the-password")
    message = _refused(cli, url, "refused the connection")
    assert "not-the-password" not in message  # a password is never shown
    assert _tables(postgres_schema) == before == {}


def test_another_programs_database_is_refused_untouched(cli: Cli, postgres_schema: str) -> None:
    _sql(postgres_schema, f'CREATE TABLE "{postgres_schema}".invoices (id serial PRIMARY KEY, total numeric)',
         f"INSERT INTO \"{postgres_schema}\".invoices (total) VALUES (12.5)")
    before = _tables(postgres_schema)
    _refused(cli, postgres_url(postgres_schema), "another program")
    assert _tables(postgres_schema) == before


def test_a_newer_regvaults_database_is_refused_untouched(cli: Cli, postgres_schema: str) -> None:
    url = postgres_url(postgres_schema)
    with Store.open(DatabaseLocation.parse(url)) as store:
        version = store.schema_version
    _sql(postgres_schema, f"INSERT INTO \"{postgres_schema}\".schema_version VALUES ({version + 5}, '2030-01-01')")
    before = _tables(postgres_schema)
    message = _refused(cli, url, "newer Regvault")
    assert f"schema version {version + 5}" in message
    assert _tables(postgres_schema) == before


def test_a_regvault_table_without_its_mark_is_not_taken_for_ours(cli: Cli, postgres_schema: str) -> None:
    _sql(postgres_schema, f'CREATE TABLE "{postgres_schema}".schema_version (version integer, changed text)')
    before = _tables(postgres_schema)
    _refused(cli, postgres_url(postgres_schema), "another program")
    assert _tables(postgres_schema) == before


def test_database_on_every_command_and_the_environment_variable(
    cli: Cli, emulator: Emulator, postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_url(postgres_schema)
    code, _, _ = cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"),
                     "--database", url)
    assert code == 0
    code, out, err = cli("--database", url, "backup", "--tenant", "contoso.com")
    assert code == 0 and "regvault-backup complete" in err
    code, listing = cli.json("apps", "--tenant", "contoso.com", "--database", url)
    assert code == 0 and len(listing["apps"]) == 24
    assert not (cli.data_dir / "regvault.sqlite").exists()  # all of it went to PostgreSQL
    monkeypatch.setenv("REGVAULT_DATABASE", url)
    code, document = cli.json("database")
    assert code == 0 and document["engine"] == "postgresql" and document["source"] == "REGVAULT_DATABASE"
    assert "@" in document["database"] and ":" not in urlsplit(document["database"]).netloc.split("@")[0]
    code, listing = cli.json("apps", "--tenant", "contoso.com")
    assert code == 0 and len(listing["apps"]) == 24


def test_database_use_keeps_the_password_in_the_keyring_not_in_the_saved_url(
    cli: Cli, postgres_schema: str, memory_keyring: Any
) -> None:
    url = postgres_url(postgres_schema)
    password = urlsplit(url).password
    assert password
    code, document = cli.json("database", "use", url)
    assert code == 0 and document["engine"] == "postgresql"
    saved = (cli.data_dir / "database.json").read_text()
    assert password not in saved and json.loads(saved)["database"] == _without_password(url)
    assert password in memory_keyring.entries.values()
    code, document = cli.json("database")  # no URL given: the saved choice, its password from the keyring
    assert code == 0 and document["source"] == "settings" and document["engine"] == "postgresql"
    code, document = cli.json("database", "use", "default")
    assert code == 0 and document["engine"] == "sqlite"
    assert not (cli.data_dir / "database.json").exists()


def test_a_chosen_sqlite_file_that_is_missing_is_refused_not_created_anew(cli: Cli, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    chosen = share / "team.sqlite"
    code, document = cli.json("database", "use", str(chosen))  # choosing a new file creates it
    assert code == 0 and document["tenants"] == 0 and chosen.exists()
    chosen.unlink()  # the share is not mounted any more

    for command in (["tenants"], ["database"], ["backup", "--all-tenants"], ["database", "move", "--to",
                                                                               str(tmp_path / "other.sqlite")]):
        code, out, err = cli(*command)
        assert code == 2 and out == "", command
        assert f"{chosen} (chosen in Settings" in err and "does not exist" in err and "regvault database use" in err
        assert not chosen.exists() and not (tmp_path / "other.sqlite").exists()
    code, document = cli.json("tenants", "--database", str(share / "typo.sqlite"))
    assert code == 2 and "given with --database" in document["error"]["message"]
    assert list(share.iterdir()) == [] and not (cli.data_dir / "regvault.sqlite").exists()


def test_a_move_stopped_before_switching_says_how_to_go_on(cli: Cli, emulator: Emulator, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"))[0] == 0
    target = f"sqlite:///{(tmp_path / 'moved.sqlite').as_posix().lstrip('/')}"
    # Copied and committed, not switched to: what a move killed between the two leaves behind.
    assert cli("database", "move", "--to", target, "--keep-using")[0] == 0

    code, again = cli.json("database", "move", "--to", target)
    message = again["error"]["message"]
    assert code == 2 and "already holds tenants" in message
    assert "the same 1 tenant as the database in use" in message
    assert f"`regvault tenants --database {target}`" in message and f"`regvault database use {target}`" in message

    other = Cli(tmp_path / "other-data", capsys)  # a store without contoso: the target is not its copy
    code, refused = other.json("database", "move", "--to", target)
    message = refused["error"]["message"]
    assert code == 2 and "already holds tenants" in message and "database use" not in message
    assert "It holds 1 tenant, not the ones the database in use holds: Contoso (" in message
    assert "Move into an empty database" in message


@pytest.mark.slow
def test_move_a_sqlite_store_into_postgresql_and_back(cli: Cli, emulator: Emulator, postgres_schema: str) -> None:
    assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"))[0] == 0
    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    with httpx_client(emulator) as http:
        first = http.get("/applications", params={"$top": "1"}).json()["value"][0]
        http.patch(f"/applications/{first['id']}", json={"notes": "second version"}).raise_for_status()
    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    before = _everything(cli)

    url = postgres_url(postgres_schema)
    code, moved = cli.json("database", "move", "--to", url)
    assert code == 0 and moved["rows"]["app_version"] == before["versions"] and moved["using"]
    assert cli.json("database")[1]["engine"] == "postgresql"
    assert _everything(cli) == before
    assert cli("backup", "--tenant", "contoso.com", "--full")[0] == 0  # new rows after the copied ids
    after_pg = _everything(cli)
    assert after_pg["snapshots"] == before["snapshots"] + 1

    back = cli.data_dir / "back.sqlite"
    code, moved = cli.json("database", "move", "--to", f"sqlite:///{back.as_posix().lstrip('/')}")
    assert code == 0
    assert _everything(cli) == after_pg
    code, again = cli.json("database", "move", "--to", url)  # the target holds tenants now
    assert code == 2 and "already holds tenants" in again["error"]["message"]


def httpx_client(emulator: Emulator) -> Any:
    import httpx

    return httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"})


def _everything(cli: Cli) -> dict[str, Any]:
    """What a user sees of the store: every app (deleted ones too), every version of each, and the snapshots."""
    code, apps = cli.json("apps", "--tenant", "contoso.com", "--include-deleted")
    assert code == 0
    versions = {}
    for app in apps["apps"]:
        code, listed = cli.json("versions", "--tenant", "contoso.com", "--app", app["appId"])
        assert code == 0
        versions[app["appId"]] = listed
    return {"apps": apps, "versions": sum(len(v["versions"]) for v in versions.values()), "detail": versions,
            "snapshots": _snapshot_count(cli)}


def _snapshot_count(cli: Cli) -> int:
    code, document = cli.json("database")
    assert code == 0
    url = document["database"]
    if url.startswith("postgresql"):
        from store_engines import POSTGRES_URL

        url = _with_password(url, urlsplit(POSTGRES_URL).password or "")
    with Store.open(DatabaseLocation.parse(url)) as store:
        return len(store.snapshots(store.list_tenants()[0].tenant_id, include_failed=True))
