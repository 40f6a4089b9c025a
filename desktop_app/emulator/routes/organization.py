"""/organization, /domains and /tenantRelationships/delegatedAdminCustomers: the tenant itself and its customers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import not_found, segment_not_found
from ..messages import Request, Response, json_response, plain_key
from ..state import Tenant, iso
from .base import Routes

# Entra ID's service plans (licensing-service-plan-reference): AAD_PREMIUM (P1) and AAD_PREMIUM_P2.
AAD_PREMIUM = "41781fb2-bc02-4b7c-bd55-b576c07bb09d"
AAD_PREMIUM_P2 = "eec0eb4f-6444-4f95-aba0-50c24d67f998"
PREMIUM_PLANS = {"free": (), "p1": (AAD_PREMIUM,), "p2": (AAD_PREMIUM, AAD_PREMIUM_P2)}


class OrganizationRoutes(Routes):
    @staticmethod
    def _domain_objects(tenant: Tenant) -> Iterator[dict[str, Any]]:
        for domain in tenant.domains:
            yield {
                "authenticationType": "Managed",
                "availabilityStatus": None,
                "id": domain.name,
                "isAdminManaged": True,
                "isDefault": domain.is_default,
                "isInitial": domain.is_initial,
                "isRoot": True,
                "isVerified": domain.is_verified,
                "manufacturer": None,
                "model": None,
                "passwordNotificationWindowInDays": 14,
                "passwordValidityPeriodInDays": 2147483647,
                "state": None,
                "supportedServices": ["Email", "OfficeCommunicationsOnline"] if domain.is_verified else [],
            }

    def domains(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self.method(req, "GET")
        domains = list(self._domain_objects(tenant))
        if rest:
            key = plain_key(rest[0])
            match = next((d for d in domains if d["id"].lower() == key.lower()), None)
            if match is None or len(rest) > 1:
                raise not_found(key)
            return json_response(200, {"@odata.context": self.odata_context(req, "domains", None, True), **match}, 1)
        return json_response(200, {"@odata.context": self.odata_context(req, "domains", None), "value": domains},
                             len(domains))

    def _organization_object(self, tenant: Tenant) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for name, prop in self.directory.schema.entities["organization"].items():
            doc[name] = [] if prop.collection else None
        doc.update(
            id=tenant.id,
            displayName=tenant.display_name,
            createdDateTime=iso(tenant.created),
            countryLetterCode="US",
            preferredLanguage="en",
            tenantType="AAD",
            mobileDeviceManagementAuthority="unknown",
            assignedPlans=[{"assignedDateTime": iso(tenant.created), "capabilityStatus": "Enabled",
                            "service": "AADPremiumService", "servicePlanId": plan_id}
                           for plan_id in PREMIUM_PLANS[tenant.plan]],
            verifiedDomains=[{"capabilities": "Email, OfficeCommunicationsOnline" if d.is_default else "None",
                              "isDefault": d.is_default, "isInitial": d.is_initial, "name": d.name,
                              "type": "Managed"} for d in tenant.domains if d.is_verified],
        )
        return {"@odata.type": "#microsoft.graph.organization", **doc}

    def organization(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self.method(req, "GET")
        org = self._organization_object(tenant)
        if rest:
            key = plain_key(rest[0])
            if key != tenant.id or len(rest) > 1:
                raise not_found(key)
            return json_response(200, {"@odata.context": self.odata_context(req, "organization", None, True), **org}, 1)
        return json_response(200, {"@odata.context": self.odata_context(req, "organization", None), "value": [org]}, 1)

    def tenant_relationships(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        """GDAP: every other tenant of this emulator is a delegated admin customer of the caller's tenant."""
        self.method(req, "GET")
        if not rest or rest[0] != "delegatedAdminCustomers":
            raise segment_not_found(rest[0] if rest else "tenantRelationships")
        customers = [
            {"@odata.type": "#microsoft.graph.delegatedAdminCustomer", "id": other.id, "tenantId": other.id,
             "displayName": other.display_name}
            for other in self.directory.tenants.values() if other.id != tenant.id
        ]
        entity_set = "tenantRelationships/delegatedAdminCustomers"
        if len(rest) > 1:
            key = plain_key(rest[1])
            match = next((c for c in customers if c["id"] == key), None)
            if match is None or len(rest) > 2:
                raise not_found(key)
            return json_response(200, {"@odata.context": self.odata_context(req, entity_set, None, True), **match}, 1)
        return json_response(200, {"@odata.context": self.odata_context(req, entity_set, None), "value": customers},
                             len(customers))
