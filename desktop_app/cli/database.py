"""`regvault database`: which database this workstation uses, choosing a team's shared one, moving a store.

    regvault database                       where the store is, its engine and schema version
    regvault database use URL|default       use this database from now on (checked first; a password is asked
                                            for when the server wants one, and kept in the OS keyring)
    regvault database move --to URL         copy every snapshot, version, blob and restore record into another
                                            (empty) database, SQLite into PostgreSQL or back, then use it
"""

from __future__ import annotations

import argparse
import sys
from contextlib import suppress
from typing import TYPE_CHECKING

from desktop_app.app import AppPaths, configure_logging
from desktop_app.cli.common import CommandError, emit, guarded, paths_of
from desktop_app.cli.session import read_secret
from desktop_app.domain.counts import counted
from desktop_app.domain.text_safety import printable
from desktop_app.services.database_choice import (
    choose,
    default_location,
    refuse_missing,
    save_choice,
    with_saved_password,
)
from desktop_app.store import (
    BadDatabaseLocation,
    DatabaseLocation,
    DatabaseUnreachable,
    Store,
    StoreError,
)

if TYPE_CHECKING:
    from desktop_app.store.move import TargetNotEmpty


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    database = subparsers.add_parser(
        "database", parents=[common], help="show, choose or move the database (SQLite file or a team's PostgreSQL)"
    )
    actions = database.add_subparsers(dest="database_action", metavar="ACTION")
    show = actions.add_parser("show", parents=[common], help="where the store is (the default action)")
    show.set_defaults(handler=guarded(run_show))
    use = actions.add_parser("use", parents=[common], help="use this database from now on")
    use.add_argument("url", metavar="URL", help="postgresql://user@host:port/db, sqlite:///path, or `default`")
    use.add_argument("--password-stdin", action="store_true",
                     help="read the database password from stdin (scripts); it is kept in the OS keyring")
    use.set_defaults(handler=guarded(run_use))
    move = actions.add_parser("move", parents=[common],
                              help="copy the whole store into another empty database, then use that one")
    move.add_argument("--to", required=True, metavar="URL", help="the target: postgresql://… or sqlite:///…")
    move.add_argument("--password-stdin", action="store_true", help="read the target's password from stdin")
    move.add_argument("--keep-using", action="store_true", help="copy only; keep using the current database")
    move.set_defaults(handler=guarded(run_move))
    database.set_defaults(handler=guarded(run_show))


def _prepared(args: argparse.Namespace) -> AppPaths:
    paths = paths_of(args)
    with suppress(OSError):  # the command still works without its log
        configure_logging(paths, debug=bool(getattr(args, "debug", False)))
    return paths


def _parse(text: str, paths: AppPaths) -> DatabaseLocation:
    if text.strip().lower() == "default":
        return default_location(paths.data_dir)
    try:
        return DatabaseLocation.parse(text)
    except BadDatabaseLocation as exc:
        raise CommandError(str(exc)) from exc


def _open_asking(location: DatabaseLocation, password_stdin: bool) -> tuple[Store, DatabaseLocation]:
    """Open `location`; a PostgreSQL server that refuses without a password gets one asked for (once)."""
    location = with_saved_password(location)
    if password_stdin and location.engine == "postgresql":
        location = location.with_password(sys.stdin.readline().rstrip("\r\n") or None)
    try:
        return Store.open(location), location
    except DatabaseUnreachable:
        if location.engine != "postgresql" or location.password or password_stdin or not sys.stdin.isatty():
            raise
    password = read_secret(f"Password for {location.keyring_account}: ")
    location = location.with_password(password or None)
    return Store.open(location), location


def run_show(args: argparse.Namespace) -> int:
    paths = _prepared(args)
    try:
        choice = choose(paths.data_dir, getattr(args, "database", None))
    except BadDatabaseLocation as exc:
        raise CommandError(str(exc)) from exc
    refuse_missing(choice)
    with Store.open(with_saved_password(choice.location)) as store:
        tenants = len(store.list_tenants(include_archived=True))
        document = {"database": choice.location.url, "engine": store.engine, "source": choice.source,
                    "schemaVersion": store.schema_version, "tenants": tenants}
    emit(args, document, lambda: f"Database: {choice.describe()}\nEngine: {document['engine']}, schema version "
                                 f"{document['schemaVersion']}, {counted(tenants, 'tenant')}")
    return 0


def run_use(args: argparse.Namespace) -> int:
    paths = _prepared(args)
    location = _parse(args.url, paths)
    store, location = _open_asking(location, args.password_stdin)
    with store:
        tenants = len(store.list_tenants(include_archived=True))
        engine, version = store.engine, store.schema_version
    try:
        save_choice(paths.data_dir, location)
    except OSError as exc:
        raise CommandError(f"Cannot save the choice in {paths.data_dir}: {exc.strerror or exc}.") from exc
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except Exception as exc:  # KeyringUnavailable: the password can't be kept
        raise CommandError(f"{exc} The database was not chosen.") from exc
    note = _overridden_note(args)
    emit(args, {"database": location.url, "engine": engine, "schemaVersion": version, "tenants": tenants},
         lambda: f"Regvault now uses {location.url} ({engine}, schema version {version}, {counted(tenants, 'tenant')}) "
                 f"on this workstation.{note}")
    return 0


def run_move(args: argparse.Namespace) -> int:
    from desktop_app.store.move import TargetNotEmpty, move_store

    paths = _prepared(args)
    try:
        choice = choose(paths.data_dir, getattr(args, "database", None))
    except BadDatabaseLocation as exc:
        raise CommandError(str(exc)) from exc
    refuse_missing(choice)
    source = with_saved_password(choice.location)
    target_store, target = _open_asking(_parse(args.to, paths), args.password_stdin)
    target_store.close()
    quiet = getattr(args, "json", False) or not sys.stderr.isatty()

    def progress(table: str, copied: int) -> None:
        if not quiet:
            sys.stderr.write(f"\r\x1b[K{table}: {copied:,} rows")
            sys.stderr.flush()

    try:
        summary = move_store(source, target, progress)
    except TargetNotEmpty as exc:
        raise CommandError(f"{exc} {_what_the_target_holds(exc, target)}") from exc
    if not quiet:
        sys.stderr.write("\r\x1b[K")
    if not args.keep_using:
        try:
            save_choice(paths.data_dir, target)
        except Exception as exc:
            raise CommandError(f"The store was copied to {target.url}, but the choice could not be saved ({exc}). "
                               f"Use it with `regvault database use {target.url}`.") from exc
    total = sum(summary.rows.values())
    using = "" if args.keep_using else f" Regvault now uses {target.url} on this workstation.{_overridden_note(args)}"
    emit(args, {"source": source.url, "target": target.url, "rows": summary.rows, "using": not args.keep_using},
         lambda: f"Copied {total:,} rows from {source.url} to {target.url} "
                 f"({', '.join(f'{t}: {n:,}' for t, n in summary.rows.items())}). {source.url} is unchanged."
                 f"{using}")
    return 0


def _what_the_target_holds(refused: TargetNotEmpty, target: DatabaseLocation) -> str:
    tenants = counted(len(refused.held), "tenant")
    if refused.same_as_source:
        return (f"It holds the same {tenants} as the database in use: an earlier move may have copied the store and "
                f"been stopped before switching to it. Check it (`regvault tenants --database {target.url}`), then "
                f"use it with `regvault database use {target.url}`.")
    names = [f"{printable(t.display_name)} ({t.default_domain or t.tenant_id})" for t in refused.held]
    more = f" and {len(names) - SHOWN_TENANTS:,} more" if len(names) > SHOWN_TENANTS else ""
    return (f"It holds {tenants}, not the ones the database in use holds: {', '.join(names[:SHOWN_TENANTS])}{more}. "
            "Move into an empty database.")


SHOWN_TENANTS = 5


def _overridden_note(args: argparse.Namespace) -> str:
    import os

    if getattr(args, "database", None):
        return " (--database still decides for a command that gives it.)"
    if os.environ.get("REGVAULT_DATABASE", "").strip():
        return " (REGVAULT_DATABASE is set in this environment and still decides while it is.)"
    return ""
