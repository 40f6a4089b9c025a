"""Issue 9: certificate bytes that arrive after the snapshot was written (domain.document's keyCredentialsPending)."""

from __future__ import annotations

from desktop_app.domain.document import (
    PENDING_KEYS,
    build_document,
    document_hash,
    fill_pending_keys,
    pending_key_ids,
)


def app(*keys: tuple[str, str]) -> dict[str, object]:
    return {"id": "o1", "appId": "a1", "displayName": "Orders",
            "keyCredentials": [{"keyId": k, "customKeyIdentifier": t, "type": "AsymmetricX509Cert",
                                "usage": "Verify"} for k, t in keys]}


def test_a_complete_document_has_no_pending_section_and_hashes_as_before() -> None:
    application = app(("k1", "T1"))
    complete = build_document(application, [], [], {"k1": "s1"}, None)
    assert PENDING_KEYS not in complete
    assert document_hash(build_document(application, [], [], {"k1": "s1"}, None, pending_keys=())) == \
        document_hash(complete)
    # A key listed as pending whose bytes are known is not pending.
    assert PENDING_KEYS not in build_document(application, [], [], {"k1": "s1"}, None, pending_keys=["k1"])


def test_bytes_that_arrive_fill_the_document_into_the_complete_one() -> None:
    application = app(("k1", "T1"), ("k2", "T2"))
    waiting = build_document(application, [], [], {"k1": "s1"}, None, pending_keys=["k2"])
    assert pending_key_ids(waiting) == ["k2"] and waiting["keyCredentialKeys"] == {"k1": "s1"}
    filled = fill_pending_keys(waiting, {"k2": "s2"}, {"k2": "T2"})
    assert filled == build_document(application, [], [], {"k1": "s1", "k2": "s2"}, None)
    assert fill_pending_keys(filled, {"k2": "s2"}) is None  # nothing pending any more


def test_a_key_graph_returns_without_bytes_is_no_longer_pending_and_others_wait() -> None:
    application = app(("k1", "T1"), ("k2", "T2"))
    waiting = build_document(application, [], [], {}, None, pending_keys=["k1", "k2"])
    partly = fill_pending_keys(waiting, {"k1": None})
    assert partly is not None
    assert pending_key_ids(partly) == ["k2"] and partly["keyCredentialKeys"] == {}


def test_an_older_version_naming_another_certificate_under_the_key_id_is_not_filled() -> None:
    older = build_document(app(("k1", "OLD")), [], [], {}, None, pending_keys=["k1"])
    assert fill_pending_keys(older, {"k1": "s-new"}, {"k1": "NEW"}) is None
    assert fill_pending_keys(older, {"k1": "s-old"}, {"k1": "OLD"}) is not None
