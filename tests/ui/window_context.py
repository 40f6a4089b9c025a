"""The window's context for tests and scripts: built as the composition root builds it (app.build_window_context)
over a store, with session-only credentials."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop_app.app import AppPaths, build_services, build_window_context, open_credentials
from desktop_app.services.restore import GraphForTenant
from desktop_app.store import Store
from desktop_app.ui.context import WindowContext


def context_for(store: Store, data_dir: Path, *, graph_for_tenant: GraphForTenant | None = None,
                **fields: Any) -> WindowContext:
    """`graph_for_tenant`: the Graph every service uses (the default connector reaches no tenant here); other
    keywords replace fields (a stand-in backup, the demo's history, ...)."""
    paths = AppPaths(data_dir).ensure()
    services = build_services(paths, store, open_credentials(paths, session_only=True))
    context = build_window_context(services, graph_for_tenant=graph_for_tenant)
    # Session-only credentials here are not a missing keyring: no notice unless the caller asks for one.
    return replace(context, **{"keyring_problem": None, **fields})
