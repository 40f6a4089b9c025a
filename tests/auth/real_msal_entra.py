"""Entra's HTTP endpoints, faked for the real msal: msal's own PublicClientApplication runs its discovery, browser
flow and token redemption against this (`http_client=`), so what msal itself does is what is tested.

- GET  https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration: 200 for a known tenant,
  400 invalid_tenant (AADSTS90002) otherwise, as Entra answers.
- POST .../<tenant>/oauth2/v2.0/token: redeems an authorization code with an ID token carrying the nonce msal sent.
- `FakeBrowser`: stands in for `webbrowser.open`; it posts the authorization response (form_post, as msal asks for)
  to msal's redirect listener, or, with `abandon=True`, never does.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from fake_identity_platform import _b64

HOST = "https://login.microsoftonline.com"


@dataclass
class FakeResponse:
    status_code: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise OSError(f"HTTP {self.status_code}")


@dataclass
class FakeEntraHttp:
    tenants: set[str]
    user: str = "admin@contoso.example"
    object_id: str = "aaaaaaaa-0000-4000-8000-000000000001"
    requests: list[tuple[str, str]] = field(default_factory=list)
    nonces: dict[str, str] = field(default_factory=dict)  # code -> nonce of the authorization request

    def get(self, url: str, params: Any = None, headers: Any = None, **kwargs: Any) -> FakeResponse:
        self.requests.append(("GET", url))
        path = urllib.parse.urlparse(url).path.strip("/").split("/")
        if path[1:] == ["v2.0", ".well-known", "openid-configuration"]:
            tenant = path[0]
            if tenant not in self.tenants:
                return FakeResponse(400, json.dumps({
                    "error": "invalid_tenant", "error_codes": [90002],
                    "error_description": f"AADSTS90002: Tenant '{tenant}' not found."}))
            return FakeResponse(200, json.dumps({
                "issuer": f"{HOST}/{tenant}/v2.0",
                "authorization_endpoint": f"{HOST}/{tenant}/oauth2/v2.0/authorize",
                "token_endpoint": f"{HOST}/{tenant}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{HOST}/{tenant}/oauth2/v2.0/devicecode",
            }))
        return FakeResponse(404, "{}")

    def post(self, url: str, params: Any = None, data: Any = None, headers: Any = None, **kwargs: Any) -> FakeResponse:
        self.requests.append(("POST", url))
        tenant = urllib.parse.urlparse(url).path.strip("/").split("/")[0]
        form = data if isinstance(data, dict) else dict(urllib.parse.parse_qsl(data or ""))
        if form.get("grant_type") != "authorization_code":
            return FakeResponse(400, json.dumps({"error": "unsupported_grant_type"}))
        claims = {"tid": tenant, "oid": self.object_id, "sub": "sub", "preferred_username": self.user,
                  "iss": f"{HOST}/{tenant}/v2.0", "aud": form.get("client_id"),
                  "nonce": self.nonces.get(str(form.get("code")), ""), "iat": 1, "exp": 4102444800}
        return FakeResponse(200, json.dumps({
            "token_type": "Bearer", "scope": form.get("scope", ""), "expires_in": 3600,
            "access_token": "eyJ0eXAiOiJKV1QifQ.REALMSALACCESS.sig", "refresh_token": "REALMSAL-REFRESH",
            "id_token": f"eyJhbGciOiJub25lIn0.{_b64(claims)}.",
            "client_info": _b64({"uid": self.object_id, "utid": tenant}),
        }))

    def close(self) -> None:
        pass


@dataclass
class FakeBrowser:
    """`webbrowser.open` for msal: completes the sign-in by posting the code to the redirect URI."""

    http: FakeEntraHttp
    abandon: bool = False
    opened: list[str] = field(default_factory=list)

    def open(self, url: str, *args: Any, **kwargs: Any) -> bool:
        self.opened.append(url)
        if self.abandon:
            return True
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(url).query))
        code = f"code-{len(self.opened)}"
        self.http.nonces[code] = query.get("nonce", "")
        body = urllib.parse.urlencode({"code": code, "state": query["state"]}).encode()

        def post() -> None:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            opener.open(urllib.request.Request(query["redirect_uri"], data=body), timeout=10).close()

        threading.Thread(target=post, daemon=True).start()
        return True
