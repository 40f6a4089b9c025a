"""A SAML application's token signing certificate (issue 27 item 9).

The service principal's `preferredTokenSigningKeyThumbprint` names one of its certificates (Graph refuses one it
doesn't hold: application-saml-sso-configure-api sets it to what addTokenSigningCertificate returned). The signing
key is a private key Graph never returns, so a service principal made again (the app recreated, or its service
principal gone) can't get the old certificate back: the plan makes a new one (POST addTokenSigningCertificate, then
the runner sets the thumbprint to it), and a follow-up says the service provider must be given it. A thumbprint whose
certificate the target's service principal still holds is set as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.credentials import thumbprint
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode
from desktop_app.domain.restore_plan.sp_credentials import target_credentials
from desktop_app.domain.restore_plan.steps import Step, StepKind

THUMBPRINT = "preferredTokenSigningKeyThumbprint"


def plan_signing_certificate(draft: Draft, wanted: Mapping[str, Any], current: Mapping[str, Any] | None,
                             body: dict[str, Any], sp_id: str) -> tuple[Step | None, bool]:
    """(the step that makes a new signing certificate, or None; whether the snapshot's thumbprint is set as it is).
    Drops the thumbprint from `body` (the settings PATCH) when its certificate is not there."""
    thumbprint = (wanted.get("properties") or {}).get(THUMBPRINT)
    if not isinstance(thumbprint, str) or not thumbprint or THUMBPRINT not in body:
        return None, True
    if _held(draft, current, thumbprint):
        return None, True
    del body[THUMBPRINT]
    if (wanted.get("properties") or {}).get("preferredSingleSignOnMode") != "saml":
        return None, False
    name = next((str(k.get("displayName")) for k in wanted.get("keyCredentials") or []
                 if isinstance(k, Mapping) and _thumbprint_of(k) == thumbprint.upper() and k.get("displayName")),
                f"CN={(wanted.get('properties') or {}).get('displayName') or 'SAML signing'}")
    draft.follow_ups.append(FollowUp(FollowUpCode.NEW_SAML_SIGNING_CERTIFICATE, {"old_thumbprint": thumbprint}))
    step = Step(StepKind.ADD_TOKEN_SIGNING_CERTIFICATE, "POST", f"/servicePrincipals/{sp_id}/addTokenSigningCertificate",
                {"displayName": name if name.startswith("CN=") else f"CN={name}"})
    return step, False


def _held(draft: Draft, current: Mapping[str, Any] | None, thumbprint: str) -> bool:
    """Whether the service principal the plan writes to holds that certificate (its keys not known: assumed)."""
    held = target_credentials(draft, current)
    return held is None or any(_thumbprint_of(k) == thumbprint.upper() for k in held[0])


def _thumbprint_of(key: Mapping[str, Any]) -> str | None:
    """A certificate's thumbprint (SHA-1, upper-case hex) from its customKeyIdentifier (the SHA-1, base64, as
    Graph and addTokenSigningCertificate set it); a Sign key is the private key, not a certificate."""
    return None if key.get("usage") == "Sign" else thumbprint(key.get("customKeyIdentifier"))
