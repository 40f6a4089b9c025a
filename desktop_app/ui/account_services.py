"""What the sign-in, tenants, settings and schedule dialogs need from the composition root (app.Services)."""

from __future__ import annotations

from typing import Any, Protocol

from desktop_app.services.tenants import TenantService


class AccountServices(Protocol):
    store: Any  # desktop_app.store.Store
    tenants: TenantService
    credentials: Any  # app.Credentials: keyring_problem, session_only
    paths: Any  # app.AppPaths: data_dir

    def reload_sign_in_settings(self) -> None: ...
