"""`regvault tenants` and `regvault tenants add`."""

from __future__ import annotations

import argparse

import httpx

from desktop_app.cli.common import EXIT_FAILED, CommandError, emit, guarded, opened_store
from desktop_app.graph.errors import GraphError
from desktop_app.services.tenants import GraphConnector, TenantService


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tenants = subparsers.add_parser("tenants", parents=[common], help="list or add tenants")
    tenants.set_defaults(handler=guarded(list_tenants))
    actions = tenants.add_subparsers(dest="tenants_command", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add a tenant")
    add.add_argument("--emulator", metavar="URL", required=True,
                     help="base URL of a Graph emulator, e.g. http://127.0.0.1:8765/v1.0")
    add.add_argument("--tenant", metavar="ID", required=True, help="the tenant id on that emulator")
    add.add_argument("--restore-target", action="store_true", help="offer it as a target for restores")
    add.set_defaults(handler=guarded(add_tenant))


def list_tenants(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        tenants = store.list_tenants()
        last = {t.tenant_id: store.last_backup(t.tenant_id) for t in tenants}

    def text() -> str:
        if not tenants:
            return "No tenants yet: add one with `regvault tenants add`."
        lines = [f"{'Tenant':<30} {'Tenant ID':<36}  {'Default domain':<32} Last backup"]
        for t in tenants:
            snap = last[t.tenant_id]
            when = snap.finished.astimezone().strftime("%Y-%m-%d %H:%M") if snap and snap.finished else "never"
            lines.append(f"{t.display_name[:30]:<30} {t.tenant_id:<36}  {t.default_domain[:32]:<32} {when}")
        return "\n".join(lines)

    emit(args, {"tenants": [{**_tenant(t), "lastBackup": last[t.tenant_id]} for t in tenants]}, text)
    return 0


def add_tenant(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        service = TenantService(store, GraphConnector(max_retries=3))
        try:
            tenant = service.add_emulator_tenant(args.emulator, args.tenant, restore_target=args.restore_target)
        except GraphError as exc:
            raise CommandError(f"the emulator refused tenant {args.tenant}: {exc}", EXIT_FAILED) from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise CommandError(f"cannot add {args.tenant} from {args.emulator}: {exc}", EXIT_FAILED) from exc
    emit(args, {"tenant": _tenant(tenant)},
         lambda: f"Added {tenant.display_name} ({tenant.tenant_id}), {tenant.default_domain}.")
    return 0


def _tenant(t: object) -> dict[str, object]:
    from desktop_app.cli.common import to_jsonable

    data = to_jsonable(t)
    assert isinstance(data, dict)
    return data
