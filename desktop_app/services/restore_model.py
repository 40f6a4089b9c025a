"""What goes into a restore and what comes out: the request, the preview and its items, the progress, the report
and its items. Items carry codes and their facts (domain/restore_plan): the edges make the words
(services/restore_texts.py for the CLI and the report files, ui/restore/words.py for the window)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from desktop_app.domain.cherry_pick import PickError
from desktop_app.domain.restore_plan import (
    AccessChange,
    Action,
    Failure,
    FollowUp,
    PlanWarning,
    RestoreMode,
    RestorePlan,
    SourceApp,
    SourceTenant,
    TargetDirectory,
    TargetState,
    TargetTenant,
)
from desktop_app.services.restore_journal import Recovered
from desktop_app.services.restore_selection import LeftOut
from desktop_app.store.records import AppAt, SnapshotInfo, TenantInfo

# "unchanged": the app was already as at the snapshot (the plan had nothing to write; the read before the run,
# which plans again from what it finds, is the check): nothing was sent and it was not read back.
ItemResult = Literal["verified", "warnings", "unchanged", "failed", "skipped", "interrupted"]
# The results a report counts, in the order it says them.
RESULTS: tuple[str, ...] = ("verified", "warnings", "unchanged", "failed", "skipped")


class InputProblem(enum.StrEnum):
    """Why a restore can't start from its input; the facts each takes are named after it."""

    UNKNOWN_TENANT = "unknown_tenant"  # tenant: the id or domain asked for
    NO_SUCH_SNAPSHOT = "no_such_snapshot"  # snapshot_id
    SNAPSHOT_OF_ANOTHER_TENANT = "snapshot_of_another_tenant"  # snapshot_id, tenant (its name)
    SNAPSHOT_INCOMPLETE = "snapshot_incomplete"  # snapshot_id
    # No snapshot on a day (at or before a time): day, at ("" for the whole day) and where the snapshots are
    # (days_around: count, first, last, before, after)
    NO_SNAPSHOT_THEN = "no_snapshot_then"
    PICK_ONLY_WITH_OBJECT = "pick_only_with_object"  # selected values go back into the app itself only
    PICK_REFUSED = "pick_refused"  # RestoreInputError.pick says why those paths can't be restored that way
    PICKED_APP_GONE = "picked_app_gone"  # display_name, app_id, presence (Presence: recycled | gone)
    NOTHING_TO_RESTORE = "nothing_to_restore"  # NothingToRestore: none of the chosen apps is in the snapshot


class RestoreInputError(ValueError):
    """Input a restore can't start from (unknown tenant, snapshot of another tenant, none of the apps at the
    snapshot...), as a code and its facts: the edges say it (services/restore_texts.py describe_input_error, the
    window's words). Nothing was read from or written to Graph."""

    def __init__(self, problem: InputProblem, params: Mapping[str, str] | None = None, *,
                 pick: PickError | None = None) -> None:
        self.problem = problem
        self.params: Mapping[str, str] = dict(params or {})
        self.pick = pick
        super().__init__(" ".join(filter(None, [problem.value, str(dict(self.params)) if self.params else "",
                                                str(pick or "")])))


class NothingToRestore(RestoreInputError):
    """None of the chosen apps is in the snapshot: each is left out, with the nearest backup that holds it."""

    def __init__(self, snapshot: SnapshotInfo, left_out: tuple[LeftOut, ...]) -> None:
        self.snapshot = snapshot
        self.left_out = left_out
        super().__init__(InputProblem.NOTHING_TO_RESTORE, {"snapshot_id": str(snapshot.id),
                                                           "count": str(len(left_out))})


def days_around(days: Sequence[date], day: date) -> dict[str, str]:
    """Where the snapshots are, seen from `day` (the facts of NO_SNAPSHOT_THEN): how many days have one
    (`count`), the first and last, and the nearest `before` and `after` it (ISO dates; "" when none)."""
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    return {"count": str(len(days)), "first": days[0].isoformat() if days else "",
            "last": days[-1].isoformat() if days else "", "before": before[-1].isoformat() if before else "",
            "after": after[0].isoformat() if after else ""}


# --- What goes in and comes out ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreRequest:
    tenant_id: str  # the source tenant (whose backups)
    snapshot_id: int  # restore the apps as they were at this snapshot
    app_pks: tuple[int, ...] | None  # store App primary keys; None = every app of the tenant at the snapshot
    mode: RestoreMode
    new_name: str | None = None  # AS_NEW only
    target_tenant_id: str | None = None  # OTHER_TENANT only
    target_domain: str | None = None  # OTHER_TENANT only: a verified domain of the target
    # Cherry-pick (WITH_OBJECT, apps that exist): restore only these document paths (domain/cherry_pick.py);
    # everything else stays as it is now. Empty: the whole app.
    only: tuple[str, ...] = ()
    # AS_NEW: also copy the enterprise application's consent and user/group assignments (asked; settings always).
    copy_access: bool = False


@dataclass(frozen=True)
class PreviewItem:
    """One app of the preview, as codes and their facts (the edges make the words: services/restore_texts.py for
    the CLI, ui/restore/words.py for the window)."""

    app_pk: int
    display_name: str
    app_id: str
    action: Action
    changes: tuple[str, ...]  # what is written: application property names, "owners", "logo", ...
    warnings: tuple[PlanWarning, ...]  # warnings and notes (PlanWarning.is_note)
    follow_ups: tuple[FollowUp, ...]
    access: tuple[AccessChange, ...] = ()  # each grant and assignment created or removed
    # Already as at the snapshot: the plan writes nothing to it (shown as "No change"; the run sends nothing).
    up_to_date: bool = False


@dataclass(frozen=True)
class PlanInputs:
    """What the plan was made from, so `run` can plan again from fresher state of the apps it overwrites."""

    sources: tuple[SourceApp, ...]
    source: SourceTenant
    targets: Mapping[str, TargetState]
    target: TargetTenant | None
    # Found while reading the target, not by the planner: e.g. owners deleted since the snapshot.
    extra_warnings: Mapping[str, tuple[PlanWarning, ...]] = field(default_factory=dict)
    directory: TargetDirectory | None = None  # the target's resources, users and groups (enterprise application)


@dataclass(frozen=True)
class RestorePreview:
    request: RestoreRequest
    plan: RestorePlan
    source_tenant: TenantInfo
    target_tenant: TenantInfo
    snapshot: SnapshotInfo
    items: tuple[PreviewItem, ...]
    apps: tuple[AppAt, ...] = ()  # the apps at the snapshot, in plan order
    # Chosen apps the snapshot does not hold: not restored, said once (services/restore_selection.py).
    left_out: tuple[LeftOut, ...] = ()
    inputs: PlanInputs | None = field(default=None, repr=False)
    # Interrupted restores into the target found and settled before planning (services/restore_journal.py).
    recovered: tuple[Recovered, ...] = ()
    # Permissions the plan's consent and assignment steps need that the target never consented to
    # (services/permissions.py): the run would refuse to start until a sign-in grants them.
    permissions_missing: tuple[str, ...] = ()
    # Making the plan needed users, groups or directory objects of the target found, and the token could not read
    # them (Directory.Read.All missing, in permissions_missing): the target was not searched, so the plan counts
    # every principal as found; the run refuses (PermissionsNeeded) unless a new preview can search it.
    look_ups_refused: bool = False
    # The restores into the target when the preview began: the newest run's id, and those still running (None:
    # unknown). A run that finds a newer one, or one of those ended, plans again first: that restore may have
    # created the apps this plan would create.
    restores_seen: tuple[int, frozenset[int]] | None = None

    @property
    def writes(self) -> int:
        """Graph writes the plan sends (before retries and look-ups)."""
        return sum(len(item.steps) for item in self.plan.items)


@dataclass(frozen=True)
class RestoreProgress:
    index: int
    total: int
    display_name: str
    status: str  # "running" or an ItemResult
    # The source app's object id: display names repeat, and a run that plans again (an app deleted since the
    # preview) numbers its items differently from the preview.
    object_id: str = ""


@dataclass(frozen=True)
class ReportItem:
    display_name: str
    source_app_id: str
    source_object_id: str
    action: Action
    result: ItemResult
    new_app_id: str | None
    new_object_id: str | None
    warnings: tuple[PlanWarning, ...]  # the plan's and the run's, warnings and notes (PlanWarning.is_note)
    follow_ups: tuple[FollowUp, ...]
    error_code: str | None = None  # Graph's, or ours: "VerificationFailed", "ChangedSincePreview"
    request_id: str | None = None
    failure: Failure | None = None  # why it failed, or was skipped
    client_id_changed: bool = False
    access: tuple[AccessChange, ...] = ()  # what was re-granted and re-assigned (or removed); none when failed
    # Nothing was written: the plan had nothing to write (result "unchanged", or "warnings" when a part of the
    # snapshot can't be restored there, e.g. consent to an API the tenant lacks: nothing to write, a look needed).
    up_to_date: bool = False


@dataclass(frozen=True)
class RestoreReport:
    run_id: int
    items: tuple[ReportItem, ...]
    cancelled: bool
    stopped: Failure | None = None  # for the whole run: Graph refused to write, or cancelled
    pre_restore_snapshot_id: int | None = None
    seconds: float = 0.0
    writes: int = 0  # Graph writes sent (retries included)
    requests: int = 0
    # Another restore into the tenant ran since the preview: the run planned again under the lock, and the items
    # are that plan's (RestoreService.run).
    replanned: bool = False

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(RESULTS, 0)
        for item in self.items:
            out[item.result] = out.get(item.result, 0) + 1  # a past run's items may also be "interrupted"
        return out


def request_json(request: RestoreRequest) -> dict[str, Any]:
    """The request as the journal keeps it: the window offers to finish an interrupted run on the same apps and
    snapshot (ui/unfinished_restore.py)."""
    data = asdict(request)
    data["mode"] = request.mode.value
    data["app_pks"] = None if request.app_pks is None else list(request.app_pks)
    return data
