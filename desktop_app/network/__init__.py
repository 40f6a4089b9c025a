"""How Regvault reaches Microsoft: the OS trust store, proxies, failures in words, and the national clouds.

Below graph/ and auth/ (both use it), above domain/. No Qt.
- `clouds`: global, US Government (GCC High), US Government DoD, China: login authority and Graph per cloud.
- `tls`: the TLS context every HTTPS call uses (the OS trust store, plus an optional CA bundle).
- `proxy`: the proxy for a URL (setting, PAC, environment, OS), never for loopback.
- `failures`: connection failures said in a sentence that names the host and what to check.
- `http`: an httpx client and a requests session (for msal) built from the above.
"""
