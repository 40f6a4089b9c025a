"""The command line imports only the module of the command it runs (desktop_app/cli/__init__.py): every command a
module registers must be found there, and a command that reads the store must not pull in msal and httpx."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from desktop_app.cli import COMMAND_HOMES, COMMAND_MODULES, _command_module, build_parser, common_options


def test_every_command_is_found_in_the_module_that_registers_it() -> None:
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers(dest="command")
        importlib.import_module(f"desktop_app.cli.{name}").register(subparsers, common_options(top_level=False))
        for command in subparsers.choices:
            assert COMMAND_HOMES.get(command, command) == name, (
                f"`regvault {command}` is registered by cli/{name}.py: add it to COMMAND_HOMES")


def test_the_command_word_is_found_after_the_top_level_options() -> None:
    assert _command_module(["--data-dir", "/tmp/x", "--json", "search", "x"]) == "credentials"
    assert _command_module(["--database=sqlite:///x", "versions", "--tenant", "t"]) == "apps"
    assert _command_module(["--data-dir", "backup"]) is None  # the folder is named 'backup'; no command
    assert _command_module(["--demo"]) is None and _command_module(["nonsense"]) is None
    only = build_parser(["credentials", "--all-tenants"])
    every = build_parser(None)
    choices = [a for a in only._actions if isinstance(a, argparse._SubParsersAction)][0].choices
    assert list(choices) == ["credentials", "search"]
    assert len([a for a in every._actions if isinstance(a, argparse._SubParsersAction)][0].choices) > 20


def test_reading_credentials_does_not_import_the_sign_in_and_graph_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    probe = (
        "import sys; from desktop_app.cli import main; "
        f"code = main(['credentials', '--all-tenants', '--data-dir', {str(tmp_path)!r}]); "
        "print(sorted(m for m in ('msal', 'httpx', 'requests', 'desktop_app.app', 'desktop_app.services.restore') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
