"""`regvault signin --tenant T` and `regvault signout --tenant T`."""

from __future__ import annotations

import argparse

from desktop_app.auth.sign_in import AUDIT_READ_SCOPES, CONSENT_READ_SCOPES, CONSENT_WRITE_SCOPES
from desktop_app.cli.common import emit, guarded
from desktop_app.cli.session import auth_guarded, device_code_prompt, opened_services


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    signin = subparsers.add_parser("signin", parents=[common], help="sign in (again) to a tenant added earlier")
    signin.add_argument("--tenant", metavar="T", required=True)
    code = signin.add_mutually_exclusive_group()
    code.add_argument("--device-code", dest="device_code", action="store_true", default=None,
                      help="sign in with a code on another device instead of the browser")
    code.add_argument("--browser", dest="device_code", action="store_false", help="sign in in the browser")
    signin.add_argument("--write", action="store_true",
                        help="also consent to write access (Application.ReadWrite.All), needed to restore")
    signin.add_argument("--enterprise-read", action="store_true",
                        help="also consent to reading the directory (Directory.Read.All): backups keep the "
                             "enterprise applications' consent, restores find the users and groups they assign")
    signin.add_argument("--enterprise-restore", action="store_true",
                        help="also consent to restoring the enterprise applications' consent and assignments "
                             "(DelegatedPermissionGrant.ReadWrite.All, AppRoleAssignment.ReadWrite.All, and "
                             "Directory.Read.All to find their users and groups; implies --write)")
    signin.add_argument("--audit-read", action="store_true",
                        help="also consent to reading the directory audit log (AuditLog.Read.All and "
                             "Directory.Read.All): the history says who changed each app and when")
    signin.set_defaults(handler=guarded(auth_guarded(sign_in)))

    signout = subparsers.add_parser("signout", parents=[common], help="remove a tenant's sign-in (tokens)")
    signout.add_argument("--tenant", metavar="T", required=True)
    signout.set_defaults(handler=guarded(auth_guarded(sign_out)))


def sign_in(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        tenant = services.tenants.get(args.tenant)
        if tenant.kind == "emulator":
            emit(args, {"tenant": tenant.tenant_id, "signedIn": True},
                 lambda: [f"{tenant.display_name} is an emulator tenant: no sign-in needed."])
            return 0
        prompt = device_code_prompt(args.device_code, services, tenant.display_name)
        extra = (CONSENT_READ_SCOPES if args.enterprise_read or args.enterprise_restore else ()) + (
            CONSENT_WRITE_SCOPES if args.enterprise_restore else ()) + (AUDIT_READ_SCOPES if args.audit_read else ())
        extra = tuple(dict.fromkeys(extra))
        account = services.tenants.sign_in(tenant.tenant_id, device_code=prompt,
                                           write=args.write or args.enterprise_restore, extra_scopes=extra)
    emit(args, {"tenant": account.tenant_id, "username": account.username, "signedIn": True},
         lambda: [f"Signed in to {tenant.display_name} as {account.username}."])
    return 0


def sign_out(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        tenant = services.tenants.get(args.tenant)
        removed = services.tenants.sign_out(tenant.tenant_id)
    emit(args, {"tenant": tenant.tenant_id, "signedOut": removed},
         lambda: [f"Signed out of {tenant.display_name}." if removed
                  else f"Regvault was not signed in to {tenant.display_name}."])
    return 0
