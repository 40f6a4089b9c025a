"""services/alerts.py: what becomes an alert, once, and how deliveries go (channels are recording fakes here; the
real adapters have their own tests). On both engines: the once-only rule lives in the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from credential_docs import certificate, document, observed, secret, user
from store_testkit import tenant_info

from desktop_app.services.alert_delivery import DESKTOP, EMAIL, WEBHOOK, RecordingChannel
from desktop_app.services.alert_settings import AlertSettings
from desktop_app.services.alerts import MAX_ATTEMPTS, AlertService
from desktop_app.services.backup import CANCELLED_REASON
from desktop_app.store import SnapshotWrite, Store
from desktop_app.store.location import DatabaseLocation

TENANT = "11111111-1111-1111-1111-111111111111"
START = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)
SETTINGS = AlertSettings(desktop=True, webhook=True, webhook_host="hooks.example", smtp_host="mail.example",
                         smtp_from="regvault@contoso.example", smtp_to=("admins@contoso.example",))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(database: DatabaseLocation) -> Iterator[Store]:
    s = Store.open(database)
    s.add_tenant(tenant_info(TENANT, "Contoso", "contoso.example"))
    yield s
    s.close()


def channels() -> dict[str, RecordingChannel]:
    return {name: RecordingChannel(name) for name in (DESKTOP, WEBHOOK, EMAIL)}


def service(store: Store, chans: dict[str, RecordingChannel], clock: Clock,
            settings: AlertSettings = SETTINGS) -> AlertService:
    return AlertService(store, list(chans.values()), settings, clock=clock)


def backup(store: Store, docs: list[dict[str, Any]], when: datetime) -> None:
    store.write_snapshot(TENANT, SnapshotWrite(started=when - timedelta(minutes=2), finished=when,
                                               observed=[observed(d) for d in docs]))


def lines(chan: RecordingChannel) -> list[str]:
    return [line for message, _ in chan.sent for line in message.lines]


@pytest.mark.slow
def test_each_threshold_once_across_restarts(store: Store, database: DatabaseLocation) -> None:
    ends = {"s90": 100, "s30": 40, "s7": 10, "s1": 3, "sx": 2}
    doc = document("o1", "Payroll", owners=[user("u1", "Adele Vance", "adele@contoso.example")],
                   secrets=[secret(k, k, START + timedelta(days=d)) for k, d in ends.items()])
    clock = Clock(START)
    backup(store, [doc], START)
    sent: list[tuple[str, int]] = []
    for hour in range(0, 24 * 110, 17):  # every 17 hours for 110 days (each window is a day or more), restarts
        clock.now = START + timedelta(hours=hour)
        if hour % 85 == 0:
            store.close()
            store = Store.open(database)
        chans = channels()
        service(store, chans, clock).after_backups([TENANT])
        for message, _ in chans[DESKTOP].sent:
            sent += [(item["facts"]["keyId"], item["threshold"]) for item in message.items
                     if item["kind"].startswith("credential")]
    for key, days in ends.items():
        # The tightest threshold it is within when first seen, every one after that, and its expiry.
        first = [min(t for t in (90, 30, 7, 1) if t >= days)] if days <= 90 else []
        due = sorted(first + [t for t in (90, 30, 7, 1) if t < days], reverse=True) + [0]
        assert sorted((t for k, t in sent if k == key), reverse=True) == due, key
    store.close()


def test_a_credential_found_late_gets_only_its_tightest_threshold_and_what_is_long_expired_none(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret("late", "late", START + timedelta(days=5)),
                                                      secret("old", "old", START - timedelta(days=200))],
                            certificates=[certificate("c", "CN=x", START + timedelta(days=400))])], START)
    chans = channels()
    report = service(store, chans, clock).after_backups([TENANT])
    assert report.created == 1 and report.problems == ()
    assert [(i["threshold"], i["facts"]["keyId"]) for m, _ in chans[WEBHOOK].sent for i in m.items] == [(7, "late")]
    assert lines(chans[DESKTOP]) == [
        f"Contoso / Payroll: client secret 'late' expires in 5 days ({(START + timedelta(days=5)).astimezone():%Y-%m-%d})"]
    assert chans[DESKTOP].sent[0][0].title == "Regvault: 1 credential expires soon"


def test_a_renewed_secret_is_said_and_the_service_principal_s_own_credentials_count(store: Store) -> None:
    clock = Clock(START)
    sp = {"id": "sp1", "properties": {}, "owners": [], "delegatedPermissionGrants": [], "appRoleAssignments": [],
          "appRoleAssignedTo": [], "keyCredentials": [certificate("spc", "CN=saml", START + timedelta(days=20))]}
    backup(store, [document("o1", "Payroll", sp=sp, secrets=[secret("old", "old", START + timedelta(days=6)),
                                                             secret("new", "new", START + timedelta(days=700))])],
           START)
    chans = channels()
    service(store, chans, clock).after_backups()
    assert sorted(lines(chans[DESKTOP])) == [
        f"Contoso / Payroll: client secret 'old' expires in 6 days ({(START + timedelta(days=6)).astimezone():%Y-%m-%d}); "
        f"another one is valid until {(START + timedelta(days=700)).astimezone():%Y-%m-%d}",
        f"Contoso / Payroll: service principal's certificate 'CN=saml' expires in 20 days "
        f"({(START + timedelta(days=20)).astimezone():%Y-%m-%d})",
    ]


def test_owners_are_mailed_their_app_s_credentials_only_when_asked(store: Store) -> None:
    clock = Clock(START)
    owners = [user("u1", "Adele Vance", "Adele@Contoso.example"), {"id": "sp9", "@odata.type":
              "#microsoft.graph.servicePrincipal", "displayName": "Deployer", "appId": "a9"}]
    backup(store, [document("o1", "Payroll", owners=owners,
                            secrets=[secret("s", "s", START + timedelta(days=3))])], START)
    store.record_failed_backup(TENANT, started=START, finished=START + timedelta(minutes=1), error="boom")
    chans = channels()
    service(store, chans, clock, AlertSettings(**{**SETTINGS.__dict__, "email_owners": True})).after_backups()
    assert sorted(recipient for _, recipient in chans[EMAIL].sent) == ["adele@contoso.example",
                                                                        "admins@contoso.example"]
    to_owner = next(m for m, r in chans[EMAIL].sent if r == "adele@contoso.example")
    assert [i["kind"] for i in to_owner.items] == ["credentialExpiring"]  # not the failed backup


def test_a_failed_backup_is_said_once_in_its_own_words(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll")], START)
    service(store, channels(), clock).after_backups()  # alerts start here: nothing earlier is news
    store.record_failed_backup(TENANT, started=START + timedelta(hours=20), finished=START + timedelta(hours=20),
                               error="The sign-in to tenant contoso.example has expired", trigger="scheduled")
    chans = channels()
    clock.now = START + timedelta(hours=21)
    service(store, chans, clock).after_backups([TENANT])
    assert [m.title for m, _ in chans[DESKTOP].sent] == ["Regvault: 1 backup failed"]
    assert "The sign-in to tenant contoso.example has expired" in lines(chans[DESKTOP])[0]
    again = channels()
    service(store, again, clock).after_backups([TENANT])
    assert again[DESKTOP].sent == []


def test_a_tenant_s_first_backup_failing_is_news_but_an_old_failure_is_history(store: Store) -> None:
    # Nothing was ever evaluated for the tenant (just added): the failed attempt of a moment ago is said ...
    at = START + timedelta(hours=2)
    store.record_failed_backup(TENANT, started=at, finished=at, error="Regvault is not signed in to tenant contoso")
    chans = channels()
    service(store, chans, Clock(at + timedelta(minutes=1))).after_backups([TENANT])
    assert [line.split(": ", 2)[-1] for line in lines(chans[DESKTOP])] == ["Regvault is not signed in to tenant contoso"]
    # ... one from days before alerts began is not.
    other = "22222222-2222-2222-2222-222222222222"
    store.add_tenant(tenant_info(other, "Fabrikam", "fabrikam.example"))
    store.record_failed_backup(other, started=START, finished=START, error="Graph answered 503")
    later = channels()
    service(store, later, Clock(START + timedelta(days=3))).after_backups([other])
    assert [m.title for m, _ in later[DESKTOP].sent] == []


def test_a_tenant_not_backed_up_for_over_a_day_once_per_last_backup(store: Store) -> None:
    clock = Clock(START + timedelta(hours=25))
    backup(store, [document("o1", "Payroll")], START)
    chans = channels()
    service(store, chans, clock).after_backups()
    assert chans[DESKTOP].sent == []  # a day and an hour: the next scheduled backup may still be running
    clock.now = START + timedelta(hours=27)
    service(store, chans, clock).after_backups()
    clock.now = START + timedelta(hours=50)
    service(store, chans, clock).after_backups()
    assert [m.title for m, _ in chans[DESKTOP].sent] == ["Regvault: 1 tenant not backed up"]


def test_incident_relevant_additions_since_the_last_backup(store: Store) -> None:
    clock = Clock(START)
    before = document("o1", "Payroll", secrets=[secret("s1", "prod", START + timedelta(days=300))])
    backup(store, [before, document("o2", "HR")], START)
    service(store, channels(), clock).after_backups()
    after = document("o1", "Payroll", secrets=[secret("s1", "prod", START + timedelta(days=300)),
                                               secret("s2", "backdoor", START + timedelta(days=700))],
                     owners=[user("u9", "Mallory", "mallory@evil.example")], notes="renamed things")
    clock.now = START + timedelta(days=1)
    backup(store, [after, document("o2", "HR", notes="only a note"), document("o3", "New app")], clock.now)
    chans = channels()
    service(store, chans, clock).after_backups([TENANT])
    assert sorted(lines(chans[WEBHOOK])) == [
        "Contoso / New app: added app registration New app",
        "Contoso / Payroll: added client secret 'backdoor', valid until "
        f"{(START + timedelta(days=700)).astimezone():%Y-%m-%d}",
        "Contoso / Payroll: added owner Mallory <mallory@evil.example>",
    ]


def test_a_channel_that_is_down_is_tried_again_later_then_dropped_and_others_still_go(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret("s", "s", START + timedelta(days=3))])], START)
    chans = channels()
    chans[WEBHOOK].failure = "the webhook at hooks.example could not be reached after 3 tries (ConnectError)"
    report = service(store, chans, clock).after_backups()
    assert report.sent == {DESKTOP: 1, EMAIL: 1}
    assert report.sentences() == ["the alert webhook could not be sent: the webhook at hooks.example could not be "
                                  "reached after 3 tries (ConnectError); 1 alert waits and is sent after the next "
                                  "backup"]
    for _ in range(MAX_ATTEMPTS - 1):
        assert service(store, chans, clock).deliver().problems
    delivery = {d.channel: d for d in store.alerts.recent()[0].deliveries}
    assert (delivery[WEBHOOK].status, delivery[WEBHOOK].attempts) == ("dropped", MAX_ATTEMPTS)
    assert delivery[WEBHOOK].error and "ConnectError" in delivery[WEBHOOK].error
    chans[WEBHOOK].failure = None
    assert service(store, chans, clock).deliver().sent == {}  # dropped stays dropped
    assert (delivery[DESKTOP].status, delivery[EMAIL].status) == ("sent", "sent")


def test_a_recovered_webhook_gets_what_waited(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret("s", "s", START + timedelta(days=3))])], START)
    chans = channels()
    chans[WEBHOOK].failure = "down"
    service(store, chans, clock).after_backups()
    chans[WEBHOOK].failure = None
    assert service(store, chans, clock).after_backups().sent == {WEBHOOK: 1}
    assert len(chans[WEBHOOK].sent) == 1 and len(chans[DESKTOP].sent) == 1


def test_channels_this_workstation_cannot_serve_leave_deliveries_for_one_that_can(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret("s", "s", START + timedelta(days=3))])], START)
    here = channels()
    here[WEBHOOK].why_unavailable = "the webhook's URL is not in this workstation's keyring"
    here[DESKTOP].why_unavailable = "no desktop session bus (D-Bus) to show notifications on"
    service(store, here, clock).after_backups()
    assert here[WEBHOOK].sent == [] and here[DESKTOP].sent == []
    there = channels()
    clock.now = START + timedelta(days=2)  # a desktop notification this late would be stale news
    assert service(store, there, clock).deliver().sent == {WEBHOOK: 1}
    assert there[DESKTOP].sent == []
    assert {d.channel: d.status for d in store.alerts.recent()[0].deliveries} == {
        DESKTOP: "dropped", WEBHOOK: "sent", EMAIL: "sent"}


def test_two_services_at_once_make_and_send_each_alert_once(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret(f"s{i}", f"s{i}", START + timedelta(days=i))
                                                      for i in range(1, 60)])], START)
    first, second = channels(), channels()
    a, b = service(store, first, clock), service(store, second, clock)
    created = a.evaluate() + b.evaluate()
    assert len(created) == 59
    a.deliver()
    b.deliver()
    delivered = [i["id"] for chans in (first, second) for m, _ in chans[DESKTOP].sent for i in m.items]
    assert sorted(delivered) == sorted(x.id for x in created)


def test_the_test_alert_goes_alone_to_every_configured_channel(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll", secrets=[secret("s", "s", START + timedelta(days=3))])], START)
    chans = channels()
    chans[EMAIL].why_unavailable = "no SMTP password here"
    svc = service(store, chans, clock)
    svc.evaluate()
    report = svc.send_test()
    assert report.sent == {DESKTOP: 1, WEBHOOK: 1}
    assert [m.title for m, _ in chans[DESKTOP].sent] == ["Regvault: test alert"]
    assert report.sentences() == ["alert e-mail could not be sent: no SMTP password here; 1 alert waits and is "
                                  "sent after the next backup"]
    assert svc.deliver().sent == {DESKTOP: 1, WEBHOOK: 1}  # the credential alert, left for the next run


def test_alerts_never_break_the_backup_that_calls_them(store: Store) -> None:
    store.close()
    report = AlertService(store, list(channels().values()), SETTINGS).after_backups()
    assert report.problems and "closed" in report.problems[0].reason


def test_failures_in_a_row_for_one_reason_are_one_alert(store: Store) -> None:
    clock = Clock(START)
    backup(store, [document("o1", "Payroll")], START)
    service(store, channels(), clock).after_backups()
    chans = channels()

    def fail(hours: int, error: str) -> None:
        at = START + timedelta(hours=hours)
        store.record_failed_backup(TENANT, started=at, finished=at, error=error)
        clock.now = at
        service(store, chans, clock).after_backups([TENANT])

    for minutes in range(0, 30, 5):  # a watch trying every few minutes with an expired sign-in
        fail(1 + minutes // 60, "The sign-in to tenant contoso.example has expired")
    fail(1, CANCELLED_REASON)  # stopped by its user: nothing to tell
    for n in range(3):  # Graph down: each answer has its own request id, date and tries
        fail(2, f"503 ServiceUnavailable: Try later ({'no request-id' if n == 2 else f'request-id r{n}'}, date "
                f"Fri, 01 May 2026 0{n}:00:00 GMT) on GET /v1.0/applications/delta" + (" after 4 attempts" if n else ""))
    backup(store, [document("o1", "Payroll")], START + timedelta(hours=3))
    fail(4, "The sign-in to tenant contoso.example has expired")  # again, after a good backup: news again
    assert [line.split(": ", 2)[-1] for line in lines(chans[DESKTOP])] == [
        "The sign-in to tenant contoso.example has expired",
        "503 ServiceUnavailable: Try later (request-id r0, date Fri, 01 May 2026 00:00:00 GMT) on GET "
        "/v1.0/applications/delta",
        "The sign-in to tenant contoso.example has expired"]


def test_a_watch_round_ends_with_the_alerts_of_its_tenants() -> None:
    from desktop_app.domain.cancel import CancelToken
    from desktop_app.services.watch import Watch

    tenants = [tenant_info(TENANT, "Contoso", "contoso.example"),
               tenant_info("22222222-2222-2222-2222-222222222222", "Fabrikam", "fabrikam.example")]

    class Capture:
        def capture(self, tenant_id: str, **_kwargs: Any) -> object:
            if tenant_id == TENANT:
                raise RuntimeError("Graph answered 503")
            return object()

    after: list[list[str]] = []
    reports: list[Any] = []
    Watch(Capture(), lambda: tenants, after_round=lambda watched: after.append(  # type: ignore[arg-type]
        [t.display_name for t in watched])).round(CancelToken(), reports.append)
    assert after == [["Contoso", "Fabrikam"]] and [r.error is not None for r in reports] == [True, False]
