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
    NOT_STARTED_WRITE_REFUSED = "not_started_write_refused"  # Graph refused the run's first write: not started
    DELETED_SINCE_PREVIEW = "deleted_since_preview"  # object_id
    UNEXPECTED = "unexpected"  # error: a bug of ours, said as it is
    # An incident rollback's own steps (services/rollback_steps.py):
    NOT_A_RECYCLE = "not_a_recycle"  # method, path: a removal that would not go to the recycle bin: not sent
    KEY_BYTES_UNAVAILABLE = "key_bytes_unavailable"  # keys: Graph gives no bytes of these keys: nothing written
    STILL_THERE = "still_there"  # items: read back after the rollback, these are still there
    OWNER_GONE = "owner_gone"  # items: owners to put back that no longer exist (Graph answered 404)
    # An app of a run whose process died, settled by the next run (services/restore_journal.py); run: restore or
    # rollback (RUNS):
    INTERRUPTED_BEFORE_START = "interrupted_before_start"  # run: the run stopped before this app was started
    INTERRUPTED_AFTER_CREATE = "interrupted_after_create"  # object_id: the app it created was adopted
    INTERRUPTED_NOTHING_CREATED = "interrupted_nothing_created"  # it was being created; Graph shows no such app
    INTERRUPTED_UNDER_WAY = "interrupted_under_way"  # run: stopped while this app was being written
    # The run as a whole:
    WRITE_REFUSED = "write_refused"  # status, code: Graph refused the first write (a token that may only read)
    CANCELLED = "cancelled"  # the apps in flight, and the apps they refer to, were finished; the others not started
    CANCELLED_BEFORE_WRITING = "cancelled_before_writing"  # cancelled while waiting or planning: nothing written
    STOPPED_BEFORE_WRITING = "stopped_before_writing"  # Ctrl+C or a signal before anything was written
    STOPPED_WHILE_WRITING = "stopped_while_writing"  # run: a second Ctrl+C or a signal while apps were written
    FAILED_BEFORE_WRITING = "failed_before_writing"  # error: nothing was written
    FAILED_WHILE_WRITING = "failed_while_writing"  # run, error: the next run into the tenant settles the apps
    # run, host, pid, finished, total, adopted, not_created, not_started[, taken_over_by]: its process stopped; the
    # next run into the tenant settled it (or one taken over by the user's word, who said it had stopped)
    PROCESS_GONE = "process_gone"
    # started (ISO), operator, workstation, reported: a run of a version before the journal, its process gone
    UNJOURNALED_GONE = "unjournaled_gone"
    NOT_ALL_ROLLED_BACK = "not_all_rolled_back"  # failed, total: some apps of a rollback were not rolled back


# The runs that journal their apps (RestoreRun.mode "rollback" is an incident rollback; the others restores): the
# `run` fact of the INTERRUPTED_*, STOPPED_WHILE_WRITING, FAILED_WHILE_WRITING and PROCESS_GONE codes.
RUNS = ("restore", "rollback")


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
