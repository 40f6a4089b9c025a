"""`regvault tenants`: list, add (sign in, or an emulator tenant), customers of a reseller, rename, remove,
restore target, refresh, app-only identity."""

from __future__ import annotations

import argparse
from typing import Any

import httpx

from desktop_app.auth.app_only import AppOnlyCredentials
from desktop_app.auth.errors import InteractionReason, InteractionRequired
from desktop_app.auth.sign_in import PARTNER_SCOPES
from desktop_app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    CommandError,
    emit,
    guarded,
    opened_store,
    to_jsonable,
)
from desktop_app.cli.session import (
    auth_guarded,
    device_code_prompt,
    opened_services,
    read_secret,
)
from desktop_app.graph.errors import GraphConnectionError, GraphError
from desktop_app.network.clouds import CLOUDS, cloud_named
from desktop_app.services.tenants import (
    ConnectionKind,
    CustomerTenant,
    TenantService,
    TenantStatus,
)
from desktop_app.store.records import TenantInfo


def _command(handler: Any) -> Any:
    return guarded(auth_guarded(handler))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tenants = subparsers.add_parser("tenants", parents=[common], help="list, add and manage tenants")
    tenants.set_defaults(handler=guarded(list_tenants))
    actions = tenants.add_subparsers(dest="tenants_command", metavar="ACTION")

    add = actions.add_parser("add", parents=[common], help="sign in to a tenant and add it (or an emulator tenant)")
    add.add_argument("--tenant", metavar="ID_OR_DOMAIN", required=True,
                     help="tenant id or one of its domains (with --emulator: the tenant id on that emulator)")
    add.add_argument("--emulator", metavar="URL", help="base URL of a Graph emulator, e.g. http://127.0.0.1:8765/v1.0")
    code = add.add_mutually_exclusive_group()
    code.add_argument("--device-code", dest="device_code", action="store_true", default=None,
                      help="sign in with a code on another device instead of the browser")
    code.add_argument("--browser", dest="device_code", action="store_false", help="sign in in the browser")
    add.add_argument("--restore-target", action="store_true", help="offer it as a target for restores")
    add.add_argument("--cloud", choices=["auto", *CLOUDS], default="auto",
                     help="the tenant's Microsoft cloud (auto: the one its sign-in discovery names, else global)")
    add.set_defaults(handler=_command(add_tenant))

    customers = actions.add_parser("customers", parents=[common], help="a reseller's GDAP customer tenants")
    customers.add_argument("--partner", metavar="T", help="the partner tenant (default: the one you signed in to)")
    customers.add_argument("--sign-in", action="store_true",
                           help="sign in to the partner tenant first to consent to reading the GDAP customers")
    customers_code = customers.add_mutually_exclusive_group()
    customers_code.add_argument("--device-code", dest="device_code", action="store_true", default=None,
                                help="with --sign-in: sign in with a code on another device")
    customers_code.add_argument("--browser", dest="device_code", action="store_false",
                                help="with --sign-in: sign in in the browser")
    customers.set_defaults(handler=_command(list_customers))

    add_customer = actions.add_parser("add-customer", parents=[common], help="add customer tenants of a reseller")
    add_customer.add_argument("--partner", metavar="T", help="the partner tenant (default: the one you signed in to)")
    which = add_customer.add_mutually_exclusive_group(required=True)
    which.add_argument("--customer", metavar="ID_OR_DOMAIN", action="append", help="repeat for several")
    which.add_argument("--all", action="store_true", help="every GDAP customer not added yet")
    add_customer.add_argument("--restore-target", action="store_true", help="offer them as restore targets")
    add_customer.set_defaults(handler=_command(add_customers))

    rename = actions.add_parser("rename", parents=[common], help="give a tenant another name in Regvault")
    rename.add_argument("--tenant", metavar="T", required=True)
    rename.add_argument("--name", required=True)
    rename.set_defaults(handler=_command(rename_tenant))

    remove = actions.add_parser("remove", parents=[common], help="remove a tenant (keeps its backups by default)")
    remove.add_argument("--tenant", metavar="T", required=True)
    remove.add_argument("--delete-backups", action="store_true", help="also delete every backup of the tenant")
    remove.set_defaults(handler=_command(remove_tenant))

    target = actions.add_parser("target", parents=[common], help="offer a tenant as a restore target, or not")
    target.add_argument("state", choices=("on", "off"))
    target.add_argument("--tenant", metavar="T", required=True)
    target.set_defaults(handler=_command(set_target))

    refresh = actions.add_parser("refresh", parents=[common], help="read a tenant's name and domains again")
    refresh.add_argument("--tenant", metavar="T", required=True)
    refresh.set_defaults(handler=_command(refresh_tenant))

    app_only = actions.add_parser(
        "app-only", parents=[common], help="an app-only identity for unattended backups (kept in the keyring)",
        description="Secrets are read from a prompt (or one line of stdin), never from the command line.")
    app_only.add_argument("--tenant", metavar="T", required=True)
    app_only.add_argument("--client-id", metavar="ID", help="the app registration's Application (client) ID")
    kind = app_only.add_mutually_exclusive_group(required=True)
    kind.add_argument("--certificate", metavar="PATH", help="PEM with private key and certificate, or PFX")
    kind.add_argument("--secret-prompt", action="store_true", help="ask for the client secret")
    kind.add_argument("--remove", action="store_true", help="forget the tenant's app-only identity")
    app_only.add_argument("--passphrase-prompt", action="store_true", help="ask for the certificate's passphrase")
    app_only.add_argument("--no-verify", action="store_true", help="save without trying it against the tenant")
    app_only.set_defaults(handler=_command(configure_app_only))


# --- list ---------------------------------------------------------------------------------------------------


def list_tenants(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        store = services.store
        statuses = services.tenants.statuses()
        last = {s.tenant.tenant_id: store.last_backup(s.tenant.tenant_id) for s in statuses}
        pending = {s.tenant.tenant_id: sum(store.pending_certificates(s.tenant.tenant_id).values()) for s in statuses}

    def text() -> str | list[str]:
        if not statuses:
            return "No tenants yet: add one with `regvault tenants add --tenant ID_OR_DOMAIN`."
        lines = [f"{'Tenant':<30} {'Tenant ID':<36}  {'Default domain':<32} {'Last backup':<23}  Connection"]
        for s in statuses:
            t = s.tenant
            snap = last[t.tenant_id]
            when = snap.finished.astimezone().strftime("%Y-%m-%d %H:%M") if snap and snap.finished else "never"
            if snap is not None and snap.status != "complete":
                # The last attempt failed: a bare time would read as a good backup.
                when += f" {snap.status}"
            target = "  (restore target)" if t.is_restore_target else ""
            lines.append(f"{t.display_name[:30]:<30} {t.tenant_id:<36}  {t.default_domain[:32]:<32} {when:<23}  "
                         f"{connection_text(s)}{target}")
        lines += [f"{s.tenant.display_name}: the bytes of {pending[s.tenant.tenant_id]:,} certificates are still to "
                  "come (the next backup reads them first)" for s in statuses if pending[s.tenant.tenant_id]]
        return lines

    emit(args, {"tenants": [{**_tenant(s.tenant), **_status(s), "lastBackup": last[s.tenant.tenant_id],
                             "certificatesPending": pending[s.tenant.tenant_id]}
                            for s in statuses]}, text)
    return 0


def connection_text(status: TenantStatus) -> str:
    if status.connection is ConnectionKind.EMULATOR:
        return "emulator"
    if status.connection is ConnectionKind.APP_ONLY:
        return f"app-only ({status.account})"
    if status.connection is ConnectionKind.SIGNED_IN:
        return f"signed in as {status.account}"
    return "not signed in"


# --- add ----------------------------------------------------------------------------------------------------


def add_tenant(args: argparse.Namespace) -> int:
    if args.emulator:
        return _add_emulator_tenant(args)
    with opened_services(args) as services:
        prompt = device_code_prompt(args.device_code, services, args.tenant)
        cloud = None if args.cloud == "auto" else cloud_named(args.cloud)
        tenant = services.tenants.add_tenant(args.tenant, device_code=prompt, restore_target=args.restore_target,
                                             cloud=cloud)
        status = services.tenants.status(tenant.tenant_id)
    emit(args, {"tenant": {**_tenant(tenant), **_status(status)}},
         lambda: [f"Added {tenant.display_name} ({tenant.tenant_id}), {tenant.default_domain}; "
                  f"{connection_text(status)}."])
    return 0


def _add_emulator_tenant(args: argparse.Namespace) -> int:
    from desktop_app.services.tenants import GraphConnector

    try:
        url: httpx.URL | None = httpx.URL(args.emulator) if "://" in args.emulator else None
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise CommandError(f"--emulator {args.emulator!r} is not a URL: give the emulator's baseUrl, "
                           "e.g. http://127.0.0.1:8765/v1.0", EXIT_BAD_INPUT)
    with opened_store(args) as store:
        service = TenantService(store, GraphConnector(max_retries=3))
        try:
            tenant = service.add_emulator_tenant(args.emulator, args.tenant, restore_target=args.restore_target)
        except GraphConnectionError as exc:
            # Nothing answered: the emulator is not running there (or stopped); it refused nothing.
            raise CommandError(f"cannot reach an emulator at {args.emulator} (is `regvault emulator` running "
                               f"there?): {exc}", EXIT_FAILED) from exc
        except GraphError as exc:
            if exc.status == 401:
                # The emulator answers 401 for a tenant it doesn't serve: a wrong --tenant, bad input.
                raise CommandError(f"the emulator at {args.emulator} has no tenant {args.tenant} (its start line "
                                   f"lists the tenant ids it serves): {exc}", EXIT_BAD_INPUT) from exc
            raise CommandError(f"the emulator refused tenant {args.tenant}: {exc}", EXIT_FAILED) from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise CommandError(f"cannot add {args.tenant} from {args.emulator}: {exc}", EXIT_FAILED) from exc
    emit(args, {"tenant": _tenant(tenant)},
         lambda: [f"Added {tenant.display_name} ({tenant.tenant_id}), {tenant.default_domain}."])
    return 0


# --- resellers ----------------------------------------------------------------------------------------------


def _partner(service: TenantService, key: str | None) -> TenantInfo:
    if key:
        return service.get(key)
    own = [t for t in service.tenants() if service.partner_of(t.tenant_id) is None]
    if len(own) == 1:
        return own[0]
    if not own:
        raise CommandError("sign in to your partner tenant first: `regvault tenants add --tenant YOUR_TENANT`")
    names = ", ".join(f"{t.display_name} ({t.tenant_id})" for t in own)
    raise CommandError(f"say which tenant is the partner tenant with --partner (one of: {names})")


def _customers(services: Any, partner: TenantInfo, sign_in: bool, device_code: bool | None) -> list[CustomerTenant]:
    service: TenantService = services.tenants
    if sign_in and partner.kind != "emulator":
        # The same choice as `signin` and `tenants add`: the flag, else the saved preference.
        service.sign_in(partner.tenant_id, device_code=device_code_prompt(device_code, services, partner.display_name),
                        extra_scopes=PARTNER_SCOPES)
    try:
        return service.list_customers(partner.tenant_id)
    except InteractionRequired as exc:
        if exc.reason is InteractionReason.CONSENT_REQUIRED:
            raise CommandError(
                f"reading the GDAP customers of {partner.display_name} needs the permission "
                "DelegatedAdminRelationship.Read.All: run `regvault tenants customers --sign-in` to consent "
                "(or add customers by tenant ID or domain with `regvault tenants add-customer --customer …`)",
                3) from exc
        raise
    except GraphError as exc:
        raise CommandError(f"could not list the GDAP customers of {partner.display_name}: {exc}", EXIT_FAILED) from exc


def list_customers(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        partner = _partner(services.tenants, args.partner)
        customers = _customers(services, partner, args.sign_in, args.device_code)

    def text() -> str | list[str]:
        if not customers:
            return [f"{partner.display_name} has no GDAP customers."]
        lines = [f"{'Customer':<40} {'Tenant ID':<36}  Added"]
        lines += [f"{c.display_name[:40]:<40} {c.tenant_id:<36}  {'yes' if c.added else 'no'}" for c in customers]
        return lines

    emit(args, {"partner": partner.tenant_id, "customers": customers}, text)
    return 0


def add_customers(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        partner = _partner(services.tenants, args.partner)
        if args.all:
            wanted = [c.tenant_id for c in _customers(services, partner, False, False) if not c.added]
        else:
            wanted = list(args.customer)
        results = services.tenants.add_customers(partner.tenant_id, wanted, restore_target=args.restore_target)

    def text() -> str | list[str]:
        if not results:
            return "Every GDAP customer has been added already."
        lines = []
        for r in results:
            if r.tenant is not None:
                lines.append(f"Added {r.tenant.display_name} ({r.tenant.tenant_id}), {r.tenant.default_domain}.")
            else:
                lines.append(f"Could not add {r.requested}: {r.error}")
        return lines

    emit(args, {"partner": partner.tenant_id, "results": results}, text)
    failed = [r for r in results if r.tenant is None]
    if failed:
        return 3 if all(r.needs_sign_in for r in failed) else EXIT_FAILED
    return 0


# --- keeping ------------------------------------------------------------------------------------------------


def rename_tenant(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        try:
            tenant = services.tenants.rename(args.tenant, args.name)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    emit(args, {"tenant": _tenant(tenant)}, lambda: [f"Renamed {tenant.tenant_id} to {tenant.display_name}."])
    return 0


def remove_tenant(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        tenant = services.tenants.remove(args.tenant, delete_backups=args.delete_backups)
    kept = "its backups were deleted" if args.delete_backups else "its backups are kept"
    emit(args, {"removed": _tenant(tenant), "backupsDeleted": args.delete_backups},
         lambda: [f"Removed {tenant.display_name} ({tenant.tenant_id}) and signed out of it; {kept}."])
    return 0


def set_target(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        tenant = services.tenants.set_restore_target(args.tenant, args.state == "on")
    emit(args, {"tenant": _tenant(tenant)},
         lambda: [f"{tenant.display_name} is {'now' if tenant.is_restore_target else 'no longer'} "
                  "a restore target."])
    return 0


def refresh_tenant(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        try:
            tenant = services.tenants.refresh(args.tenant)
        except GraphError as exc:
            raise CommandError(f"could not read the tenant: {exc}", EXIT_FAILED) from exc
    emit(args, {"tenant": _tenant(tenant)},
         lambda: [f"{tenant.display_name} ({tenant.tenant_id}): "
                  f"{', '.join(tenant.domains) or 'no verified domains'}."])
    return 0


def configure_app_only(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        if services.credentials.app_only is None:
            raise CommandError("an app-only identity is kept in the system keyring, and none is available: "
                               f"{services.credentials.keyring_problem}", EXIT_FAILED)
        if args.remove:
            services.tenants.remove_app_only(args.tenant)
            emit(args, {"tenant": args.tenant, "appOnly": None},
                 lambda: [f"Removed the app-only identity of {args.tenant}."])
            return 0
        if not args.client_id:
            raise CommandError("--client-id is required")
        if args.certificate:
            passphrase = read_secret("Certificate passphrase: ") if args.passphrase_prompt else None
            credentials = AppOnlyCredentials(args.client_id, certificate_path=args.certificate,
                                             certificate_passphrase=passphrase or None)
        else:
            secret = read_secret("Client secret: ")
            if not secret:
                raise CommandError("no client secret was given")
            credentials = AppOnlyCredentials(args.client_id, client_secret=secret)
        try:
            services.tenants.configure_app_only(args.tenant, credentials, verify=not args.no_verify)
        except GraphError as exc:
            raise CommandError(f"the app-only identity could not read the tenant: {exc}", EXIT_FAILED) from exc
        except ValueError as exc:
            raise CommandError(str(exc), EXIT_FAILED) from exc
    emit(args, {"tenant": args.tenant, "appOnly": {"clientId": credentials.client_id, "kind": credentials.kind}},
         lambda: [f"Unattended backups of {args.tenant} will use the app {credentials.client_id} "
                  f"({credentials.kind}); the credential is in the system keyring."])
    return 0


def _tenant(t: TenantInfo) -> dict[str, object]:
    data = to_jsonable(t)
    assert isinstance(data, dict)
    return data


def _status(s: TenantStatus) -> dict[str, object]:
    return {"connection": s.connection.value, "account": s.account, "partnerTenantId": s.partner_tenant_id}
