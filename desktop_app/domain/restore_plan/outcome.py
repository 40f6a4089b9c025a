"""Why an item of a run failed, or the run stopped, as codes with their facts (the edges make the words: the CLI's
texts, the window's tr())."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class FailureCode(enum.StrEnum):
    STEP_FAILED = "step_failed"  # step (a StepKind), error: Graph refused it
    BYTES_MISSING = "bytes_missing"  # sha256: stored bytes (a certificate, the logo) missing from the database
    UNEXPECTED_METHOD = "unexpected_method"  # method: a step the runner can't send
    UNIQUE_NAME_TAKEN = "unique_name_taken"  # object_id: another app holds the unique name
    GRANT_NOT_FOUND = "grant_not_found"  # Graph says the grant exists, but it can't be found to update
    REFERENCE_NOT_RESTORED = "reference_not_restored"  # unresolved: steps naming an app that was not restored
    NEW_ID_UNKNOWN = "new_id_unknown"  # the app's new id is not known, so it could not be read back
    READ_BACK_FAILED = "read_back_failed"  # error
    NOT_VERIFIED = "not_verified"  # paths: read back after the restore, the app differs from the plan there
    NOT_STARTED = "not_started"  # cancelled before this app was started
    DELETED_SINCE_PREVIEW = "deleted_since_preview"  # object_id
    UNEXPECTED = "unexpected"  # error: a bug of ours, said as it is
    # An incident rollback's own steps (services/rollback_steps.py):
    NOT_A_RECYCLE = "not_a_recycle"  # method, path: a removal that would not go to the recycle bin: not sent
    KEY_BYTES_UNAVAILABLE = "key_bytes_unavailable"  # keys: Graph gives no bytes of these keys: nothing written
    # The run as a whole:
    WRITE_REFUSED = "write_refused"  # status, code: Graph refused the first write (a token that may only read)
    CANCELLED = "cancelled"  # the apps in flight, and the apps they refer to, were finished; the others not started


class Undo(enum.StrEnum):
    """What became of the scopes and app roles a run disabled for an app before a later step failed."""

    NONE = ""  # none were disabled
    DONE = "done"  # enabled again
    FAILED = "failed"  # enabling them again failed too: check them


@dataclass(frozen=True)
class Failure:
    code: FailureCode
    params: Mapping[str, str] = field(default_factory=dict)
    undo: Undo = Undo.NONE
