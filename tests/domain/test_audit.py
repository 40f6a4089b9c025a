"""domain/audit.py: Graph's directory audit records as the timeline keeps them (shapes of live records)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from desktop_app.domain.audit import (
    Part,
    other_properties,
    parse_event,
    parse_time,
    parts_changed,
    property_names,
)

APP_INITIATED = {  # the shape of a live record: an app initiator carries no appId
    "id": "Directory_4349d310_U7DT3_22818033", "category": "ApplicationManagement",
    "correlationId": "4349d310-67d3-4bf8-835c-60e36b35bac4", "result": "success", "resultReason": "",
    "activityDisplayName": "Add app role assignment to service principal",
    "activityDateTime": "2026-07-19T14:46:48.608604Z", "loggedByService": "Core Directory", "operationType": "Assign",
    "initiatedBy": {"user": None, "app": {"appId": None, "displayName": "homelab-agentic-mgmt",
                                          "servicePrincipalId": "8F35F4E9-5c91-42db-a1f7-d77ada4cc0a2",
                                          "servicePrincipalName": None}},
    "targetResources": [{
        "id": "62CB17E7-d25e-4356-ad51-a861585f8634", "displayName": "Microsoft Graph", "type": "ServicePrincipal",
        "modifiedProperties": [
            {"displayName": "AppRole.Value", "oldValue": None, "newValue": "\"TeamSettings.Read.All\""},
            {"displayName": "ServicePrincipal.AppId", "oldValue": None,
             "newValue": "\"2C92CE28-126c-47c1-82b0-410b64502989\""}]}],
}


def test_an_app_initiated_record_names_the_app_by_service_principal_and_the_apps_it_touched() -> None:
    event = parse_event(APP_INITIATED)
    assert event is not None
    assert (event.actor.kind, event.actor.id, event.actor.name, event.actor.app_id) == (
        "app", "8F35F4E9-5c91-42db-a1f7-d77ada4cc0a2", "homelab-agentic-mgmt", None)
    assert event.time == datetime(2026, 7, 19, 14, 46, 48, 608604, tzinfo=UTC)
    assert {(t.id, t.kind) for t in event.targets} == {
        ("62cb17e7-d25e-4356-ad51-a861585f8634", "ServicePrincipal"),
        ("2c92ce28-126c-47c1-82b0-410b64502989", "appId")}
    assert parts_changed(event) == (Part.ASSIGNMENTS,)
    assert property_names(event) == ("AppRole.Value", "ServicePrincipal.AppId")


def test_a_user_record_and_what_an_update_changed() -> None:
    raw = {"id": "x", "activityDisplayName": "Update application", "activityDateTime": "2026-07-17T13:48:10Z",
           "initiatedBy": {"user": {"id": "u", "userPrincipalName": "alice@contoso.com", "displayName": None},
                           "app": None},
           "targetResources": [{"id": "A", "type": "Application", "modifiedProperties": [
               {"displayName": "AppAddress", "oldValue": "[]", "newValue": json.dumps([{"Address": "https://x"}])},
               {"displayName": "Notes", "oldValue": None, "newValue": "[\"n\"]"},
               {"displayName": "FederatedIdentityCredentials", "oldValue": "[]", "newValue": "[]"},
               {"displayName": "Included Updated Properties", "oldValue": None,
                "newValue": "\"AppAddress, Notes, FederatedIdentityCredentials\""}]}]}
    event = parse_event(raw)
    assert event is not None and event.actor.name == "alice@contoso.com" and event.actor.kind == "user"
    assert parts_changed(event) == (Part.REDIRECT_URIS, Part.OTHER, Part.FEDERATED_CREDENTIALS)
    assert other_properties(event) == ("Notes",)
    assert "Included Updated Properties" not in property_names(event)


def test_activities_without_properties_still_say_what_they_touched() -> None:
    def part(activity: str) -> tuple[Part, ...]:
        event = parse_event({"id": "x", "activityDisplayName": activity, "activityDateTime": "2026-01-01T00:00:00Z"})
        assert event is not None
        return parts_changed(event)

    assert part("Add owner to application") == (Part.OWNERS,)
    assert part("Consent to application") == (Part.CONSENT,)
    assert part("Remove delegated permission grant") == (Part.CONSENT,)
    assert part("Delete application") == (Part.APP,)
    assert part("Update service principal") == (Part.SERVICE_PRINCIPAL,)
    assert part("Add service principal credentials") == (Part.CREDENTIALS,)
    assert part("Update application – Certificates and secrets management") == (Part.CREDENTIALS,)


def test_records_without_an_id_or_a_time_are_not_kept_and_odd_times_parse() -> None:
    assert parse_event({"activityDateTime": "2026-01-01T00:00:00Z"}) is None
    assert parse_event({"id": "x", "activityDateTime": "yesterday"}) is None
    assert parse_time("2026-01-01T02:00:00.1+02:00") == datetime(2026, 1, 1, 0, 0, 0, 100000, tzinfo=UTC)
    unknown = parse_event({"id": "x", "activityDateTime": "2026-01-01T00:00:00Z", "initiatedBy": None})
    assert unknown is not None and unknown.actor.kind == "unknown"
