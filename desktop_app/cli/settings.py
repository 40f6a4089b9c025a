"""`regvault settings`: the sign-in client ID, the device code preference, the broker, the proxy and the CA bundle."""

from __future__ import annotations

import argparse
from dataclasses import replace

from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
from desktop_app.cli.alert_settings import (
    add_alert_arguments,
    alert_settings_json,
    alert_settings_text,
    change_alert_settings,
)
from desktop_app.cli.common import CommandError, emit, guarded, opened_store
from desktop_app.services.network_settings import load_network_settings, save_network_settings
from desktop_app.services.tenants import load_preferences, save_preferences
from desktop_app.services.update_check import set_update_check, update_check_enabled


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    settings = subparsers.add_parser("settings", parents=[common], help="show or change the sign-in settings")
    client = settings.add_mutually_exclusive_group()
    client.add_argument("--client-id", metavar="ID", help="your own app registration's client ID (a public client)")
    client.add_argument("--default-client-id", action="store_true",
                        help=f"back to Microsoft Graph Command Line Tools ({GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID})")
    settings.add_argument("--device-code", choices=("on", "off"), help="sign in with a code by default")
    settings.add_argument("--broker", choices=("on", "off"), help="use the Windows/macOS sign-in broker")
    settings.add_argument("--proxy", metavar="URL",
                          help="http://host:port, 'direct' (no proxy) or 'auto' (PAC, HTTPS_PROXY, the system's)")
    settings.add_argument("--ca-bundle", metavar="PEM", help="extra root certificates to trust ('' for none), on top "
                                                             "of the system's trust store")
    settings.add_argument("--pac", choices=("on", "off"), help="use the proxy auto-configuration the system names")
    add_alert_arguments(settings)
    settings.add_argument("--update-check", choices=("on", "off"),
                          help="let the window look once a day whether a new Regvault is out (never downloads; "
                          "commands and scheduled backups never look)")
    settings.set_defaults(handler=guarded(run_settings))


def run_settings(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        alerts = change_alert_settings(store, args)
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
        network = load_network_settings(store)
        wanted = network
        if args.proxy is not None:
            wanted = replace(wanted, proxy="" if args.proxy.strip().lower() == "auto" else args.proxy.strip())
        if args.ca_bundle is not None:
            wanted = replace(wanted, ca_bundle=args.ca_bundle.strip())
        if args.pac:
            wanted = replace(wanted, use_pac=args.pac == "on")
        if wanted != network:
            try:
                save_network_settings(store, wanted)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        network = wanted
        if args.update_check:
            set_update_check(store, args.update_check == "on")
        updates = update_check_enabled(store)
    note = " (Microsoft Graph Command Line Tools)" if changed.uses_default_client else ""
    emit(args, {"clientId": changed.client_id, "preferDeviceCode": changed.prefer_device_code,
                "useBroker": changed.use_broker, "proxy": network.proxy or "auto", "caBundle": network.ca_bundle,
                "usePac": network.use_pac, "alerts": alert_settings_json(alerts),
                "updateCheck": updates},
         lambda: f"Client ID: {changed.client_id}{note}\nSign in with a code by default: "
                 f"{'yes' if changed.prefer_device_code else 'no'}\nSign-in broker: "
                 f"{'yes' if changed.use_broker else 'no'}\nProxy: {network.proxy or 'automatic'}"
                 f"{' (PAC on)' if network.use_pac and not network.proxy else ''}\n"
                 f"Extra root certificates: {network.ca_bundle or 'none (the system trust store only)'}\n"
                 f"{alert_settings_text(alerts)}\n"
                 f"Look for a new Regvault once a day: {'yes' if updates else 'no'}")
    return 0
