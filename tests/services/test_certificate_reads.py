"""Issue 9 case 3: certificate bytes under Graph's 150-a-minute limit. Reads are paced (no 429 at all), bytes
the store has for the same key are never read again, and a restore's read-back doesn't re-read what it wrote."""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

from desktop_app.emulator import Emulator
from desktop_app.emulator.seed import fake_certificate
from desktop_app.services.backup import BackupService
from desktop_app.services.certificate_reads import CertificateReadPacer, reusable_key_hashes, thumbprint
from desktop_app.services.tenants import TenantService
from desktop_app.store import Store

from .conftest import Graph, fast_connector


def test_the_pacer_lets_a_minute_through_then_the_steady_rate() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = CertificateReadPacer(150, clock=lambda: now[0], sleep=sleep)
    for _ in range(6):
        pacer.acquire(20)  # 120 at once (135 of the first minute's 150: some kept back)
    assert now[0] == 0.0
    for _ in range(10):
        pacer.acquire(20)
    # 200 more at 2.5 a second, less the 15 still in the bucket: 74 s.
    assert abs(now[0] - 74.0) < 0.01
    pacer.exhaust()
    before = now[0]
    pacer.acquire(5)
    assert abs(now[0] - before - 2.0) < 0.01


def test_keys_are_reused_only_with_the_same_key_id_and_thumbprint() -> None:
    data = fake_certificate(random.Random(1), "a.contoso.com")
    stored = {"s1": data}
    listed = [{"keyId": "k1", "customKeyIdentifier": thumbprint(data)}]
    assert reusable_key_hashes(listed, {"k1": "s1"}, stored.get) == {"k1": "s1"}
    assert reusable_key_hashes([{**listed[0], "customKeyIdentifier": "other"}], {"k1": "s1"}, stored.get) is None
    assert reusable_key_hashes([{**listed[0], "keyId": "k2"}], {"k1": "s1"}, stored.get) is None
    assert reusable_key_hashes(listed, {"k1": "missing"}, stored.get) is None


@pytest.mark.slow
def test_a_backup_over_the_limit_paces_its_certificate_reads_and_is_never_refused(tmp_path: Path) -> None:
    # The limit and the pacer scaled down together (80 a minute) to keep the test short.
    with Emulator("contoso:500", seed=5, throttle="off") as emulator, Store.open(tmp_path / "r.sqlite") as store:
        emulator.configure(key_credential_reads_per_minute=80)
        tenant = TenantService(store, fast_connector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso")
        )
        graph = Graph(emulator, "contoso")
        with_keys = [a for a in graph.all("/applications", **{"$top": 999}) if a["keyCredentials"]]
        summary = BackupService(store, fast_connector(), certificate_reads_per_minute=80).run(tenant.tenant_id)
        assert summary.details["certificates"] == len(with_keys)
        assert summary.throttled == 0
        assert emulator.counters()["tenants"][tenant.tenant_id]["throttled"] == 0
        # The listing's 16 parts select keyCredentials too: more reads than a minute allows, so some waited.
        reads = len(with_keys) + 16
        assert reads > 80
        assert summary.seconds >= (reads - 80) * 60 / 80 * 0.9
        graph.http.close()


def test_changed_certificate_metadata_does_not_read_known_bytes_again(tmp_path: Path) -> None:
    with Emulator("contoso:60", seed=11, throttle="off") as emulator, Store.open(tmp_path / "r.sqlite") as store:
        tenant = TenantService(store, fast_connector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso")
        )
        service = BackupService(store, fast_connector())
        first = service.run(tenant.tenant_id)
        assert first.details["certificates"] > 0
        graph = Graph(emulator, "contoso")
        app = next(a for a in graph.all("/applications", **{"$top": 999}) if a["keyCredentials"])
        full = graph.get(f"/applications/{app['id']}", **{"$select": "keyCredentials"})["keyCredentials"]
        # An admin renames a certificate and adds a new one: only the new one's bytes are unknown.
        renamed = [{**full[0], "displayName": "CN=renamed"}] + full[1:]
        graph.send("PATCH", f"/applications/{app['id']}", json={"keyCredentials": renamed})
        second = service.run(tenant.tenant_id)
        assert second.details["certificates"] == 0
        new = {"type": "AsymmetricX509Cert", "usage": "Verify",
               "key": base64.b64encode(fake_certificate(random.Random(3), "new.contoso.com")).decode()}
        graph.send("PATCH", f"/applications/{app['id']}", json={"keyCredentials": [*renamed, new]})
        third = service.run(tenant.tenant_id)
        assert third.details["certificates"] == 1
        graph.http.close()


def test_without_a_limit_the_bytes_come_with_the_snapshot_and_under_it_after(tmp_path: Path) -> None:
    """Deferring the bytes only pays under Graph's limit: a client told there is none reads them with the apps,
    and the snapshot is complete when it is written; with the limit they come after it, into the same versions."""
    with Emulator("contoso:80", seed=5, throttle="off") as emulator, Store.open(tmp_path / "r.sqlite") as store:
        emulator.configure(key_credential_reads_per_minute=0)
        tenants = TenantService(store, fast_connector())
        tenant = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
        assert CertificateReadPacer(1e9).unlimited and not CertificateReadPacer(150).unlimited
        filled: list[str] = []
        unlimited = BackupService(store, fast_connector(), certificate_reads_per_minute=1e9).run(
            tenant.tenant_id, progress=lambda p: filled.append(p.phase) if p.phase == "certificates" else None)
        assert unlimited.details["certificates"] > 0 and unlimited.certificates_pending == 0
        assert filled == []  # nothing was left to fill after the snapshot
        assert store.pending_certificates(tenant.tenant_id) == {}

    with Emulator("contoso:80", seed=5, throttle="off") as emulator, Store.open(tmp_path / "l.sqlite") as store:
        tenant = TenantService(store, fast_connector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        limited = BackupService(store, fast_connector()).run(
            tenant.tenant_id, progress=lambda p: filled.append(p.phase) if p.phase == "certificates" else None)
        assert limited.details["certificates"] == unlimited.details["certificates"]
        assert "certificates" in filled  # read after the snapshot was written
