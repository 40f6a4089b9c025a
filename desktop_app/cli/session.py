"""What the commands that sign in share: the services over the store and the credentials, sign-in prompts on the
terminal, and sign-in failures as clear messages with their own exit code."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop_app.app import Services, build_services, open_credentials
from desktop_app.auth.errors import (
    AuthError,
    InteractionRequired,
    SignInCancelled,
)
from desktop_app.auth.sign_in import DeviceCodePrompt
from desktop_app.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    CommandError,
    opened_store,
    paths_of,
    text_lines,
)
from desktop_app.domain.text_safety import printable
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.sign_in_failures import sign_in_failure_text
from desktop_app.services.tenants import DeviceCodeShow, TenantNotConnectable, load_preferences

# The user has to sign in (again), or consent: a monitoring tool can tell this from a failed backup.
EXIT_SIGN_IN_NEEDED = 3


@contextmanager
def opened_services(args: argparse.Namespace) -> Iterator[Services]:
    """The services for one command. Without a usable keyring it says so on stderr and goes on for this
    session only: emulator tenants work, real tenants need a sign-in within this command."""
    with opened_store(args) as store:
        paths = paths_of(args)
        credentials = open_credentials(paths)
        demo = store.get_setting("demo.mark") is not None
        # The demo's tenants are the emulator's: they keep no sign-in, so a missing keyring changes nothing there.
        if credentials.keyring_problem and not demo:
            print(f"regvault: warning: {credentials.keyring_problem} Going on for this command only: sign-ins are "
                  "not kept.", file=sys.stderr)
        services = build_services(paths, store, credentials)
        if demo:
            services.connector.emulator_refused = DEMO_NOT_RUNNING
        yield services


DEMO_NOT_RUNNING = ("The demo's Microsoft Graph (its built-in emulator) runs only while the demo runs: start "
                    "`regvault --demo`, and run this command again while its window is open.")


def print_device_code(prompt: DeviceCodePrompt) -> None:
    # stderr: stdout stays one JSON document with --json.
    print(text_lines(prompt.message), file=sys.stderr, flush=True)


def device_code_prompt(choice: bool | None, services: Services, name: str) -> DeviceCodeShow | None:
    """How an interactive sign-in shows itself: `choice` is --device-code (True) / --browser (False), None for
    the saved preference. A device code is printed when it comes; a browser sign-in is announced now, since the
    browser may open behind the terminal."""
    use_code = load_preferences(services.store).prefer_device_code if choice is None else choice
    if use_code:
        return print_device_code
    print(f"regvault: opening the browser to sign in to {printable(name)}…", file=sys.stderr)
    return None


def read_secret(prompt: str) -> str:
    """A secret from the terminal without echo, or one line from stdin when it is not a terminal (scripts).
    Never from argv: command lines end up in shell history and process lists."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def describe_auth_error(exc: BaseException) -> tuple[str, int]:
    """(message, exit code) for a sign-in failure: the words are services/sign_in_failures.py's (the failed attempt
    a watch or the window records says the same)."""
    message = sign_in_failure_text(exc)
    if isinstance(exc, PermissionsNeeded | InteractionRequired | TenantNotConnectable):
        return message, EXIT_SIGN_IN_NEEDED
    if isinstance(exc, SignInCancelled):
        return message, EXIT_CANCELLED
    return message, EXIT_FAILED


def auth_guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Sign-in failures as a message and an exit code, never a traceback (wrap inside common.guarded)."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (AuthError, TenantNotConnectable) as exc:
            message, code = describe_auth_error(exc)
            raise CommandError(message, code) from exc

    return run
