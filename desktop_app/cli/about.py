"""`regvault about`: what Help → About shows, for a helpdesk ticket or a script; `--notices` and `--licence` print the
third-party notices and Regvault's licence text that the packaged app ships."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from desktop_app.app import about_facts
from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.cli.common import EXIT_FAILED, CommandError, emit, guarded, paths_of
from desktop_app.services.about import NOT_PACKAGED, licence_text, third_party_notices
from desktop_app.services.database_choice import choose
from desktop_app.store import BadDatabaseLocation


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    about = subparsers.add_parser("about", parents=[common], help="the version, folders, database and keyring in use")
    shown = about.add_mutually_exclusive_group()
    shown.add_argument("--notices", action="store_true", help="print the third-party notices (packaged app)")
    shown.add_argument("--licence", "--license", action="store_true", help="print Regvault's licence")
    about.set_defaults(handler=guarded(run_about))


def run_about(args: argparse.Namespace) -> int:
    if args.notices or args.licence:
        text = third_party_notices() if args.notices else licence_text()
        if text is None:
            raise CommandError(NOT_PACKAGED, EXIT_FAILED)
        sys.stdout.write(text)
        return 0
    paths = paths_of(args)
    try:
        database = str(choose(paths.data_dir, getattr(args, "database", None)).location)
    except BadDatabaseLocation as exc:
        raise CommandError(str(exc)) from exc
    try:
        backend: str | None = KeyringSecrets().backend_name
    except KeyringUnavailable:
        backend = None
    facts = dataclasses.replace(about_facts(paths, database, None), keyring_backend=backend)
    emit(args, facts, facts.as_text)
    return 0
