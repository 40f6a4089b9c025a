"""`regvault settings`: the sign-in client ID, the device code preference and the broker."""

from __future__ import annotations

import argparse
from dataclasses import replace

from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
from desktop_app.cli.common import CommandError, emit, guarded, opened_store
from desktop_app.services.tenants import load_preferences, save_preferences


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    settings = subparsers.add_parser("settings", parents=[common], help="show or change the sign-in settings")
    client = settings.add_mutually_exclusive_group()
    client.add_argument("--client-id", metavar="ID", help="your own app registration's client ID (a public client)")
    client.add_argument("--default-client-id", action="store_true",
                        help=f"back to Microsoft Graph Command Line Tools ({GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID})")
    settings.add_argument("--device-code", choices=("on", "off"), help="sign in with a code by default")
    settings.add_argument("--broker", choices=("on", "off"), help="use the Windows/macOS sign-in broker")
    settings.set_defaults(handler=guarded(run_settings))


def run_settings(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        preferences = load_preferences(store)
        changed = preferences
        if args.client_id:
            changed = replace(changed, client_id=args.client_id.strip())
        if args.default_client_id:
            changed = replace(changed, client_id=GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
        if args.device_code:
            changed = replace(changed, prefer_device_code=args.device_code == "on")
        if args.broker:
            changed = replace(changed, use_broker=args.broker == "on")
        if changed != preferences:
            try:
                save_preferences(store, changed)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
    note = " (Microsoft Graph Command Line Tools)" if changed.uses_default_client else ""
    emit(args, {"clientId": changed.client_id, "preferDeviceCode": changed.prefer_device_code,
                "useBroker": changed.use_broker},
         lambda: f"Client ID: {changed.client_id}{note}\nSign in with a code by default: "
                 f"{'yes' if changed.prefer_device_code else 'no'}\nSign-in broker: "
                 f"{'yes' if changed.use_broker else 'no'}")
    return 0
