"""Certificates (public keys) and the token encryption key that names one of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.document import pending_key_ids
from desktop_app.domain.remap import RefKind, blob_ref, refs_in
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.steps import Step, StepKind
from desktop_app.domain.restore_plan.writable import same_value, writable_application

# Only public certificates can be put back; symmetric keys and private (Sign) keys are secrets Graph never returns.
_RESTORABLE_KEY_TYPES = frozenset({"AsymmetricX509Cert"})


_RESTORABLE_KEY_USAGES = frozenset({"Verify", "Encrypt"})


def key_sha(draft: Draft, credential: Mapping[str, Any]) -> str:
    keys = draft.source.document.get("keyCredentialKeys") or {}
    return str(keys.get(str(credential.get("keyId")), ""))


def restorable_certificates(draft: Draft, source_app: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The keyCredentials to PATCH (with key tokens); None when the snapshot says nothing about them."""
    if "keyCredentials" not in source_app:
        return None
    keys = draft.source.document.get("keyCredentialKeys") or {}
    pending = set(pending_key_ids(draft.source.document))
    out: list[dict[str, Any]] = []
    for credential in writable_application({"keyCredentials": source_app.get("keyCredentials")}).get(
        "keyCredentials", []
    ):
        key_id = str(credential.get("keyId"))
        display_name = str(credential.get("displayName") or "")
        if (
            credential.get("type") not in _RESTORABLE_KEY_TYPES
            or credential.get("usage") not in _RESTORABLE_KEY_USAGES
        ):
            draft.warn(
                WarningCode.CERTIFICATE_NOT_RESTORABLE,
                key_id=key_id,
                display_name=display_name,
                reason="not_public",
            )
            continue
        sha = keys.get(key_id)
        if not sha and key_id in pending and not draft.action.creates_application:
            continue  # keep_live_keys keeps the live key and says so (CERTIFICATE_BYTES_PENDING)
        if not sha:
            draft.warn(
                WarningCode.CERTIFICATE_NOT_RESTORABLE,
                key_id=key_id,
                display_name=display_name,
                reason="bytes_pending" if key_id in pending else "no_bytes",
            )
            continue
        out.append({**credential, "key": blob_ref(str(sha))})
    return out


def token_encryption_key(
    draft: Draft, source_app: Mapping[str, Any], certificates: list[dict[str, Any]] | None
) -> str | None:
    key_id = source_app.get("tokenEncryptionKeyId")
    if not key_id:
        return None
    if str(key_id) not in {str(c.get("keyId")) for c in certificates or []}:
        draft.warn(WarningCode.TOKEN_ENCRYPTION_KEY_LEFT_OUT, key_id=str(key_id))
        return None
    return str(key_id)


def certificates_body(certificates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(c) for c in certificates]


def set_token_encryption_key(draft: Draft, token_key: str | None) -> None:
    """Its own PATCH, after the certificates: Graph refuses a key id that names no certificate yet."""
    draft.steps.append(Step(StepKind.SET_TOKEN_ENCRYPTION_KEY, "PATCH", draft.app_path,
                            {"tokenEncryptionKeyId": token_key}))
    draft.changes.append("tokenEncryptionKeyId")


def current_key_ids(current: Mapping[str, Any] | None) -> set[str]:
    if current is None:
        return set()
    return {str(c.get("keyId")) for c in current.get("keyCredentials") or [] if isinstance(c, Mapping)}


def certificates_differ(
    draft: Draft, current: Mapping[str, Any] | None, certificates: list[dict[str, Any]]
) -> bool:
    if current is None:
        return True
    metadata = [{k: v for k, v in c.items() if k != "key"} for c in certificates]
    if not same_value(current.get("keyCredentials") or [], metadata):
        return True
    document = draft.target.document or {}
    current_keys = document.get("keyCredentialKeys")
    if not isinstance(current_keys, Mapping):
        return False  # same metadata; the bytes were not read, and a keyId names one certificate
    return any(current_keys.get(str(c["keyId"])) not in (None, key_sha(draft, c)) for c in certificates)


def keep_live_keys(
    draft: Draft, source_app: Mapping[str, Any], certificates: list[dict[str, Any]] | None
) -> tuple[list[dict[str, Any]] | None, bool]:
    """keyCredentials is replaced whole by PATCH (graph-notes §10): a snapshot key the plan can't send again
    (a Sign or symmetric key, one whose bytes were never read) would be deleted from the app if it is still
    there. Such live keys go back with the bytes the target's state has; when those are unknown too, the app's
    keys are left as they are (CERTIFICATES_KEPT). Returns (the set to send, or None; whether it was blocked)."""
    if certificates is None or draft.action.creates_application:
        return certificates, False
    sendable = {str(c.get("keyId")) for c in certificates}
    stuck = [
        str(c.get("keyId"))
        for c in source_app.get("keyCredentials") or []
        if isinstance(c, Mapping) and str(c.get("keyId")) not in sendable
    ]
    if not stuck:
        return certificates, False
    document = draft.target.document or {}
    current_app = document.get("application")
    if not isinstance(current_app, Mapping) or "keyCredentials" not in current_app:
        draft.warn(WarningCode.CERTIFICATES_KEPT, key_ids=",".join(stuck))
        return None, True  # the keys may all be live: never send a set without them
    live = {
        str(c.get("keyId")): c for c in current_app.get("keyCredentials") or [] if isinstance(c, Mapping)
    }
    live_bytes = document.get("keyCredentialKeys") or {}
    out = list(certificates)
    blocked: list[str] = []
    pending = set(pending_key_ids(draft.source.document))
    for key_id in stuck:
        if key_id not in live:
            if key_id in pending:  # nothing to keep, and no bytes to send
                draft.warn(WarningCode.CERTIFICATE_NOT_RESTORABLE, key_id=key_id,
                           display_name=_display_name(source_app, key_id), reason="bytes_pending")
            continue  # gone already: nothing to keep (CERTIFICATE_NOT_RESTORABLE says why it isn't put back)
        sha = live_bytes.get(key_id) if isinstance(live_bytes, Mapping) else None
        if not sha:
            blocked.append(key_id)
            continue
        kept = writable_application({"keyCredentials": [live[key_id]]})["keyCredentials"][0]
        out.append({**kept, "key": blob_ref(str(sha))})
        if key_id in pending:
            draft.warn(WarningCode.CERTIFICATE_BYTES_PENDING, key_id=key_id,
                       display_name=_display_name(source_app, key_id))
    if blocked:
        draft.warn(WarningCode.CERTIFICATES_KEPT, key_ids=",".join(blocked))
        return None, True
    return out, False


def _display_name(app: Mapping[str, Any], key_id: str) -> str:
    return next((str(c.get("displayName") or "") for c in app.get("keyCredentials") or []
                 if isinstance(c, Mapping) and str(c.get("keyId")) == key_id), "")


def key_sha_of(draft: Draft, credential: Mapping[str, Any]) -> str:
    """The stored bytes' hash of a key to send: the snapshot's, or (a live key kept) the target's."""
    blobs = [r.key for r in refs_in(credential.get("key")) if r.kind is RefKind.BLOB]
    return blobs[0] if blobs else key_sha(draft, credential)
