"""Sign-in and credentials: msal per tenant on one encrypted token cache, app-only identities, the keyring.

- `sign_in.SignIn` / `TenantSession`: delegated sign-in; a TenantSession is a graph TokenProvider.
- `token_cache.TokenCacheStore`: the msal cache, encrypted on disk with a key in the OS keyring.
- `app_only`: client id + certificate or secret for unattended backups, kept in the keyring.
- `emulator_tokens.EmulatorTokenProvider`: demo and emulator tenants.
- `log_redaction.RedactingFilter`: scrubs credentials from log records.
"""
