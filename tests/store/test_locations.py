"""Where the store lives: parsing --database / REGVAULT_DATABASE, and an SQLite file on a network share refused
with the reason (SQLite's WAL needs shared memory a network file system doesn't give; its locks are unreliable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.store import BadDatabaseLocation, DatabaseLocation, NetworkPathRefused, Store, location


def test_urls_and_paths_are_understood_and_a_password_never_shows() -> None:
    pg = DatabaseLocation.parse("postgresql://tech:s3cret@db.example:6543/regvault?sslmode=require")
    assert (pg.engine, pg.host, pg.port, pg.user, pg.database, pg.password) == (
        "postgresql", "db.example", 6543, "tech", "regvault", "s3cret")
    assert pg.url == "postgresql://tech@db.example:6543/regvault?sslmode=require"
    assert "s3cret" not in str(pg) and "s3cret" not in repr(pg)
    assert pg.connect_params()["password"] == "s3cret" and pg.connect_params()["sslmode"] == "require"
    assert DatabaseLocation.parse("postgres://u@h/d").port == 5432
    assert DatabaseLocation.parse("sqlite:///var/lib/rv.sqlite").path == Path("/var/lib/rv.sqlite")
    assert DatabaseLocation.parse("/tmp/x.sqlite") == DatabaseLocation.sqlite("/tmp/x.sqlite")
    assert DatabaseLocation.parse(DatabaseLocation.sqlite("/tmp/a b.sqlite").url).path == Path("/tmp/a b.sqlite")
    for bad, why in (("mysql://u@h/d", "SQLite or PostgreSQL"), ("postgresql://u:pw@h", "database name"),
                     ("", "empty"), ("postgresql://u:pw@h:port/d", "port")):
        with pytest.raises(BadDatabaseLocation, match=why) as err:
            DatabaseLocation.parse(bad)
        assert "pw@" not in str(err.value)


def test_an_sqlite_file_on_a_network_share_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//fileserver/it {share} cifs rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS_FILE", mounts)
    assert location.network_path_reason(tmp_path / "local.sqlite") is None
    assert "network file system (cifs)" in str(location.network_path_reason(share / "regvault.sqlite"))
    with pytest.raises(NetworkPathRefused, match="cifs.*write-ahead log.*PostgreSQL") as err:
        Store.open(share / "regvault.sqlite")
    assert "local folder" in str(err.value)
    assert list(share.iterdir()) == []  # not even an empty file was made there
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/export {share} nfs4 rw 0 0\n")
    with pytest.raises(NetworkPathRefused, match="nfs4"):
        Store.open(share / "sub" / "regvault.sqlite")


def test_a_windows_unc_path_is_a_network_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location.os, "sep", "\\")
    assert "UNC" in str(location.network_path_reason(Path("//fileserver/it/regvault.sqlite")))
