"""A backup's search and credential rows come from the documents the app reader built (not parsed again): they must
be those documents exactly, and give the rows the stored JSON gives."""

from __future__ import annotations

from typing import Any

import orjson

from desktop_app.domain.plain import plain
from desktop_app.services.backup import BackupService
from desktop_app.store import SnapshotWrite, Store, TenantInfo
from desktop_app.store.app_index import _rows


def test_the_reader_hands_the_documents_it_wrote(backup: BackupService, store: Store, contoso: TenantInfo,
                                                 monkeypatch: Any) -> None:
    written: list[SnapshotWrite] = []
    original = store.write_snapshot

    def keep(tenant_id: str, write: SnapshotWrite, **kwargs: Any) -> Any:
        written.append(write)
        return original(tenant_id, write, **kwargs)

    monkeypatch.setattr(store, "write_snapshot", keep)
    backup.run(contoso.tenant_id)
    apps = list(written[0].observed)
    handed = [a for a in apps if a.document is not None]
    assert len(handed) > len(apps) // 2  # most documents are built while the listings run
    for app in handed:
        assert plain(app.document) == orjson.loads(app.document_json), app.display_name
        assert _rows(1, 1, app.document) == _rows(1, 1, orjson.loads(app.document_json))
    assert store.credentials.list(contoso.tenant_id)
    # A client ID finds its app (and any app it owns: a service principal owner names the appId).
    assert apps[0].app_id in [h.app_id for h in store.search.find(apps[0].app_id).hits]
