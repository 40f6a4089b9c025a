"""The step executor: one handler per step kind (domain/restore_plan's contract says what each kind means).

- Every write is paced and gated (services/restore_writes.py).
- POST /applications is never sent twice blindly: after a timeout, a dropped connection or a 5xx, the app is looked
  up first (display name, created since the run started, same identifier URIs), and only an app that is certainly
  not there is created again. Apps with the same display name are created one at a time, so two of them can never
  claim the same object, and an object any restore into the tenant already claimed is never taken. With a journal
  (services/restore_journal.py), the intent of each create is recorded before the POST and its answer after it, so
  a run killed in between is settled by the next one; an app an earlier run created (`adopt`) is taken over
  instead of created again.
- New objects that Graph does not show yet (404, 400 "does not exist") are retried with backoff.
- Grants and assignments are found by what they are (client, resource, consent type, user; principal, resource,
  role), never by an id the plan can't know.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.domain.remap import ResolvedIds
from desktop_app.domain.restore_plan import (
    Failure,
    FailureCode,
    Mismatch,
    PlanItem,
    ResolvedStep,
    Step,
    StepKind,
    disable_permissions_body,
)
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphConnectionError, GraphError, is_not_found_yet
from desktop_app.services.restore_answers import REPLICATING, refused_for_plan
from desktop_app.services.restore_journal import RunJournal, find_created, odata_quote
from desktop_app.services.restore_writes import RestoreTiming, WriteGate, WritePacer
from desktop_app.services.rollback_steps import RollbackHandlers

log = logging.getLogger(__name__)

_AMBIGUOUS_STATUSES = frozenset({0, 500, 502, 503, 504})


@dataclass
class ItemOutcome:
    """What happened to one plan item."""

    index: int
    item: PlanItem
    status: str = "pending"  # pending | running | done | unchanged | failed | skipped
    error: GraphError | None = None
    failure: Failure | None = None
    unresolved: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    verified: bool = False
    new_object_id: str | None = None
    new_app_id: str | None = None
    looked_up: int = 0  # creates that timed out and were found by the look-up
    adopted: bool = False  # the app an interrupted run had created was taken over, not created again
    notes: list[Mismatch] = field(default_factory=list)  # defaults Graph filled in on a new app (not failures)
    undone: list[str] = field(default_factory=list)  # disable steps put back after a later step failed
    undo_failed: bool = False
    missing_owners: list[str] = field(default_factory=list)  # owners that no longer exist: left out
    assignments_written: list[tuple[str, str]] = field(default_factory=list)  # (principalId, appRoleId) sent
    not_listed_yet: list[Mismatch] = field(default_factory=list)  # of those, what Graph's lists don't show yet
    refused_for_plan: list[str] = field(default_factory=list)  # principals of group assignments a Free tenant refused
    signing_thumbprint: str | None = None  # a SAML app's new token signing certificate

    @property
    def failed(self) -> bool:
        return self.status == "failed"


class StepFailed(Exception):
    def __init__(self, failure: Failure, error: GraphError | None = None) -> None:
        super().__init__(f"{failure.code.value} {dict(failure.params)}")
        self.failure = failure
        self.error = error


Handler = Callable[[ItemOutcome, Step, ResolvedStep, bool], None]


class StepExecutor:
    """Sends one plan step at a time for a run (thread-safe: the run's workers share it). `ids` are the new ids
    the run's creates bound, for the steps that name them."""

    def __init__(
        self,
        graph: GraphClient,
        *,
        blob: Callable[[str], bytes | None],
        run_started: datetime,
        timing: RestoreTiming,
        pacer: WritePacer,
        gate: WriteGate,
        sleep: Callable[[float], None] = time.sleep,
        journal: RunJournal | None = None,
        adopt: Mapping[str, tuple[str, str]] | None = None,
        claimed: set[str] | None = None,
    ) -> None:
        """`journal` records each create's intent and answer; `adopt` maps a source object id to the app
        (object id, client id) an interrupted run created for it; `claimed` are objects earlier restores into
        the tenant made, which a look-up never takes."""
        self.graph = graph
        self._blob = blob
        self._run_started = run_started
        self.timing = timing
        self._pacer = pacer
        self._gate = gate
        self._sleep = sleep
        self.journal = journal
        self._adopt = dict(adopt or {})
        self.ids = ResolvedIds()
        self.ids_lock = threading.Lock()
        self._claimed: set[str] = set(claimed or ())  # object ids this run (or an earlier one) created or adopted
        self._name_locks: dict[str, threading.Lock] = {}
        self._throttled_seen = graph.stats.throttled
        self._throttle_lock = threading.Lock()
        self.writes_app_roles = False  # the run gives applications roles: assigning them may meet replication
        self._handlers: dict[StepKind, Handler] = {
            StepKind.RESTORE_DELETED_APPLICATION: self._restore_deleted,
            StepKind.CREATE_APPLICATION: self._create_application,
            StepKind.DISABLE_PERMISSIONS: self._disable_permissions,
            StepKind.UPDATE_APPLICATION: self._send,
            StepKind.SET_PRE_AUTHORIZED_APPLICATIONS: self._send,
            StepKind.SET_CERTIFICATES: self._send,
            StepKind.SET_TOKEN_ENCRYPTION_KEY: self._send,
            StepKind.DELETE_FEDERATED_CREDENTIAL: self._send,
            StepKind.UPDATE_FEDERATED_CREDENTIAL: self._send,
            StepKind.ADD_FEDERATED_CREDENTIAL: self._send,
            StepKind.UPSERT_FEDERATED_CREDENTIAL: self._send,
            StepKind.ADD_OWNER: self._add_owner,
            StepKind.REMOVE_OWNER: self._send,
            StepKind.SET_LOGO: self._set_logo,
            StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL: self._restore_deleted,
            StepKind.CREATE_SERVICE_PRINCIPAL: self._create_service_principal,
            StepKind.UPDATE_SERVICE_PRINCIPAL: self._send,
            StepKind.SET_DELEGATED_GRANT: self._set_delegated_grant,
            StepKind.REMOVE_DELEGATED_GRANT: self._remove_delegated_grant,
            StepKind.ADD_APP_ROLE_ASSIGNMENT: self._send,
            StepKind.REMOVE_APP_ROLE_ASSIGNMENT: self._remove_app_role_assignment,
            StepKind.CREATE_EXTENSION_PROPERTY: self._send,
            StepKind.ADD_TOKEN_SIGNING_CERTIFICATE: self._add_token_signing_certificate,
        }
        self._handlers.update(RollbackHandlers(self).handlers())  # an incident rollback's own kinds

    @property
    def handled(self) -> frozenset[StepKind]:
        return frozenset(self._handlers)

    def run_step(self, outcome: ItemOutcome, step: Step) -> None:
        """Send the step; StepFailed when Graph refuses it (UnresolvedReference when it names an app whose creation
        failed)."""
        resolved = step.resolved(self.ids, blob_base64=self._blob_base64, graph_base_url=self.graph.base_url)
        # Anything on an object this run created, restored or points to may not be visible yet; so may a role
        # this run gave an application, to an assignment.
        lag = outcome.item.action.creates_application or outcome.item.action.value.startswith("undelete") or bool(
            step.refs
        ) or (step.kind is StepKind.ADD_APP_ROLE_ASSIGNMENT and self.writes_app_roles)
        try:
            self._handlers[step.kind](outcome, step, resolved, lag)
        except GraphError as error:
            if step.kind is StepKind.ADD_APP_ROLE_ASSIGNMENT and refused_for_plan(error):
                outcome.refused_for_plan.append(str((resolved.body or {}).get("principalId")))
                return
            raise StepFailed(Failure(FailureCode.STEP_FAILED, {"step": step.kind.value, "error": str(error)}),
                             error) from error
        if step.kind in (StepKind.ADD_APP_ROLE_ASSIGNMENT, StepKind.REMOVE_APP_ROLE_ASSIGNMENT):
            body = resolved.body or {}
            outcome.assignments_written.append((str(body.get("principalId")), str(body.get("appRoleId"))))

    # ----- the handlers ----------------------------------------------------------------------------------------

    def _send(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """The step's request as planned (method, path, body, headers)."""
        self.lag_retry(lambda: self._request(step, resolved), eligible=lag)

    def _disable_permissions(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """Without a body the plan did not know the app's scopes and roles: read them now and disable what must go."""
        if resolved.body is not None:
            self._send(outcome, step, resolved, lag)
            return

        def disable() -> None:
            current = self.graph.get(resolved.path, params={"$select": "api,appRoles"})
            body = disable_permissions_body(current, step.desired or {})
            if body is not None:
                self.write(lambda: self.graph.patch(resolved.path, body))

        self.lag_retry(disable, eligible=lag)

    def _set_logo(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        data = self._blob(str(resolved.content_sha256))
        if data is None:
            raise StepFailed(Failure(FailureCode.BYTES_MISSING, {"sha256": str(resolved.content_sha256)}))
        self.lag_retry(lambda: self.write(lambda: self.graph.put_bytes(resolved.path, data,
                                                                       str(resolved.content_type))), eligible=lag)

    def _add_owner(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """A 404 is either the app not visible yet or an owner that no longer exists (deleted since the
        snapshot): once the app answers, it is the owner, which is left out and reported."""
        app_path = resolved.path.rsplit("/owners/", 1)[0]
        owner_id = str((resolved.body or {}).get("@odata.id", "")).rstrip("/").rsplit("/", 1)[-1]
        try:
            self._request(step, resolved)
            return
        except GraphError as error:
            if error.status != 404:
                raise
        self.lag_retry(lambda: self.exists(app_path, lag_is_error=True), eligible=lag)
        try:
            self._request(step, resolved)
        except GraphError as error:
            if error.status != 404:
                raise
            outcome.missing_owners.append(owner_id)

    def _create_service_principal(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """Create it and bind its id for the steps that name it (`binds`); one that exists already (an earlier
        attempt, or Graph's "already in use") is looked up by appId."""
        if not step.binds:
            self._send(outcome, step, resolved, lag)
            return
        body = resolved.body or {}
        try:
            answer = self.lag_retry(
                lambda: self.write(lambda: self.graph.post(resolved.path, body, retry_safe=True)), eligible=lag
            )
            sp_id = str(answer["id"])
        except GraphError as error:
            if not is_conflict(error):
                raise
            found = self.graph.get(f"/servicePrincipals(appId='{body.get('appId')}')", params={"$select": "id"})
            sp_id = str(found["id"])
        with self.ids_lock:
            self.ids.object_ids[str(step.binds)] = sp_id

    def _add_token_signing_certificate(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep,
                                       lag: bool) -> None:
        """A new SAML signing certificate (never sent twice: a second would be a second certificate), then the
        service principal's preferredTokenSigningKeyThumbprint set to it (restore_plan/signing.py)."""
        made = self.lag_retry(lambda: self.write(lambda: self.graph.post(resolved.path, resolved.body,
                                                                          retry_safe=False)), eligible=lag)
        outcome.signing_thumbprint = str(made["thumbprint"])
        sp_path = resolved.path.rsplit("/", 1)[0]
        self.write(lambda: self.graph.patch(sp_path, {"preferredTokenSigningKeyThumbprint": made["thumbprint"]}))

    def _set_delegated_grant(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """The grant there for the same client, resource, consent type and user gets the plan's scopes; none: it
        is created."""
        body = dict(resolved.body or {})

        def set_grant() -> None:
            existing = self._find_grant(body)
            if existing is None:
                try:
                    self.write(lambda: self.graph.post(resolved.path, body, retry_safe=True))
                    return
                except GraphError as error:
                    if not is_conflict(error):
                        raise
                existing = self._find_grant(body)  # created meanwhile (an attempt whose answer was lost)
                if existing is None:
                    raise StepFailed(Failure(FailureCode.GRANT_NOT_FOUND))
            if sorted(str(existing.get("scope") or "").split()) != sorted(str(body.get("scope") or "").split()):
                self.write(lambda: self.graph.patch(f"/oauth2PermissionGrants/{existing['id']}",
                                                    {"scope": body["scope"]}))

        self.lag_retry(set_grant, eligible=lag)

    def _remove_delegated_grant(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        body = dict(resolved.body or {})

        def remove() -> None:
            existing = self._find_grant(body)
            if existing is not None:
                self._delete_if_there(f"/oauth2PermissionGrants/{existing['id']}")

        self.lag_retry(remove, eligible=lag)

    def _remove_app_role_assignment(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep,
                                    lag: bool) -> None:
        body = dict(resolved.body or {})

        def remove() -> None:
            for assignment in self.graph.get_all(resolved.path, {"$top": 999}):
                if str(assignment.get("principalId")) == str(body.get("principalId")) and \
                        str(assignment.get("appRoleId")).lower() == str(body.get("appRoleId")).lower():
                    self._delete_if_there(f"{resolved.path}/{assignment['id']}")

        self.lag_retry(remove, eligible=lag)

    # ----- requests --------------------------------------------------------------------------------------------

    def _request(self, step: Step, resolved: ResolvedStep) -> None:
        graph = self.graph
        headers = dict(resolved.headers) or None
        try:
            if resolved.method == "POST":
                self.write(lambda: graph.post(resolved.path, resolved.body, retry_safe=step.kind.retry_safe,
                                              headers=headers))
            elif resolved.method == "PATCH":
                self.write(lambda: graph.patch(resolved.path, resolved.body, headers=headers))
            elif resolved.method == "DELETE":
                self.write(lambda: graph.delete(resolved.path))
            else:
                raise StepFailed(Failure(FailureCode.UNEXPECTED_METHOD, {"method": str(resolved.method)}))
        except GraphError as error:
            if step.kind.conflict_means_done and is_conflict(error):
                return  # an earlier attempt, or the object back from the recycle bin, already has it
            if resolved.method == "DELETE" and error.status == 404:
                return  # gone already (an earlier attempt whose answer was lost, or someone else)
            raise

    def _find_grant(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        client = odata_quote(str(body.get("clientId")))
        for grant in self.graph.get_all("/oauth2PermissionGrants", {"$filter": f"clientId eq '{client}'"}):
            if (grant.get("resourceId"), grant.get("consentType"), grant.get("principalId") or None) == \
                    (body.get("resourceId"), body.get("consentType"), body.get("principalId") or None):
                return grant
        return None

    def _delete_if_there(self, path: str) -> None:
        try:
            self.write(lambda: self.graph.delete(path))
        except GraphError as error:
            if error.status != 404:
                raise

    def write(self, send: Callable[[], Any]) -> Any:
        """One write through the gate and the pacer."""
        first = self._gate.enter()  # raises Graph's refusal of the first write for every later one
        self._pacer.acquire()
        error: GraphError | None = None
        try:
            return send()
        except GraphError as exc:
            error = exc
            raise
        finally:
            if first:
                self._gate.answer(error)
            self._notice_throttling()

    def _notice_throttling(self) -> None:
        throttled = self.graph.stats.throttled
        with self._throttle_lock:
            if throttled > self._throttled_seen:
                self._throttled_seen = throttled
                self._pacer.exhaust()

    def lag_retry(self, call: Callable[[], Any], *, eligible: bool) -> Any:
        """`call()`, again with backoff while Graph does not show a new object yet (when `eligible`)."""
        deadline = time.monotonic() + self.timing.replication_timeout_s
        delay = self.timing.lag_backoff_s
        while True:
            try:
                return call()
            except GraphError as error:
                if not (eligible and _not_visible_yet(error)) or time.monotonic() + delay > deadline:
                    raise
            self._sleep(delay)
            delay = min(delay * 2, self.timing.lag_backoff_cap_s)

    def exists(self, path: str, *, lag_is_error: bool = False) -> bool:
        try:
            self.graph.get(path, params={"$select": "id"})
            return True
        except GraphError as error:
            if error.status == 404 and not lag_is_error:
                return False
            raise

    def _blob_base64(self, sha256: str) -> str:
        data = self._blob(sha256)
        if data is None:
            raise StepFailed(Failure(FailureCode.BYTES_MISSING, {"sha256": sha256}))
        return base64.b64encode(data).decode("ascii")

    # ----- creating an application: never twice --------------------------------------------------------------

    def _create_application(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        body = resolved.body or {}
        name = str(body.get("displayName") or "")
        source = outcome.item.source.object_id
        if self._adopt_earlier(outcome, step):
            return
        if step.upsert:
            if self.journal is not None:
                self.journal.creating(source, body)  # durably, before anything leaves
            self._upsert_application(outcome, step, resolved)
            return
        with self._name_lock(name):
            if self.journal is not None:
                self.journal.creating(source, body)  # durably, before anything leaves
            for attempt in range(1, self.timing.create_attempts + 1):
                try:
                    answer = self.write(lambda: self.graph.post(resolved.path, body, retry_safe=False))
                except GraphError as error:
                    ambiguous = error.status in _AMBIGUOUS_STATUSES
                    # A conflict after an attempt that may have worked: that attempt's app holds the URI.
                    if not ambiguous and not (attempt > 1 and is_conflict(error)):
                        raise
                    log.info("create of %r may or may not have happened (%s); looking it up", name, error)
                    found = self._look_up_created(body)
                    if found is not None:
                        outcome.looked_up += 1
                        self._bind(outcome, step, found)
                        return
                    if attempt == self.timing.create_attempts:
                        raise
                    continue
                self._bind(outcome, step, answer)
                return

    def _adopt_earlier(self, outcome: ItemOutcome, step: Step) -> bool:
        """Take over the app an interrupted run created for this source app, if it still exists."""
        earlier = self._adopt.get(outcome.item.source.object_id)
        if earlier is None:
            return False
        object_id, app_id = earlier
        try:
            found = self.graph.get(f"/applications/{object_id}", params={"$select": "id,appId"})
        except GraphError as error:
            if error.status != 404:
                raise
            log.info("the app %s an interrupted run created is gone; creating it anew", object_id)
            return False
        self._bind(outcome, step, {"id": object_id, "appId": str(found.get("appId") or app_id)})
        outcome.adopted = True
        return True

    def _upsert_application(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep) -> None:
        """The idempotent create (PATCH /applications(uniqueName=...), Prefer: create-if-missing). An app that
        holds the unique name before the first attempt is someone else's: the upsert would change it, so the
        step fails instead. After that, a 204 (it exists) means an earlier attempt of ours made it."""
        select = {"$select": "id,appId,createdDateTime"}
        try:
            existing = self.graph.get(resolved.path, params=select)
        except GraphError as error:
            if error.status != 404:
                raise
        else:
            # Someone else's app: the upsert would change it, so it is left untouched.
            raise StepFailed(Failure(FailureCode.UNIQUE_NAME_TAKEN, {"object_id": str(existing.get("id"))}))
        answer = self.write(lambda: self.graph.upsert(resolved.path, resolved.body or {}, dict(resolved.headers)))
        if not answer.get("id"):
            answer = self.lag_retry(lambda: self.graph.get(resolved.path, params=select), eligible=True)
        self._bind(outcome, step, answer)

    def _bind(self, outcome: ItemOutcome, step: Step, answer: Mapping[str, Any]) -> None:
        with self.ids_lock:
            self._claimed.add(str(answer["id"]))
            self.ids.bind(str(step.binds), outcome.item.source.app_id, str(answer["id"]), str(answer["appId"]))
        outcome.new_object_id = str(answer["id"])
        outcome.new_app_id = str(answer["appId"])
        if self.journal is not None:
            self.journal.created(outcome.item.source.object_id, outcome.new_object_id, outcome.new_app_id)

    def _name_lock(self, name: str) -> threading.Lock:
        with self.ids_lock:
            return self._name_locks.setdefault(name.casefold(), threading.Lock())

    def _look_up_created(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """The app an earlier attempt of this POST created, if any (services/restore_journal.find_created),
        created since the run started and not already taken. Asked a few times, because a list may show a new
        object late."""
        for wait in self.timing.lookup_settle_s:
            if wait:
                self._sleep(wait)
            with self.ids_lock:
                taken = set(self._claimed)
            candidate = find_created(self.graph, body, self._run_started, taken.__contains__)
            if candidate is not None:
                with self.ids_lock:
                    if str(candidate["id"]) in self._claimed:
                        continue
                    self._claimed.add(str(candidate["id"]))
                return candidate
        return None

    def _restore_deleted(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """Restore from the recycle bin. Not repeatable blindly (a second try fails once the first worked):
        after an answer that may hide success, look where the object is before sending again."""
        object_id = resolved.path.split("/")[-2]
        live = "/applications/" if step.kind is StepKind.RESTORE_DELETED_APPLICATION else "/servicePrincipals/"
        if self._restore_deleted_once(step, resolved, object_id, live) and step.binds:
            with self.ids_lock:  # back with its id: the steps of other apps that name it (linked.py) can run
                self.ids.object_ids[str(step.binds)] = object_id

    def _restore_deleted_once(self, step: Step, resolved: ResolvedStep, object_id: str, live: str) -> bool:
        """True: the object is back; False: another service principal of the app is there (it can be used, but
        it is not the one the plan named)."""
        for attempt in range(1, self.timing.create_attempts + 1):
            try:
                self.write(lambda: self.graph.post(resolved.path, None, retry_safe=False))
                return True
            except GraphError as error:
                if error.status == 404 and attempt > 1:
                    if self.exists(live + object_id):
                        return True
                    raise
                if error.status not in _AMBIGUOUS_STATUSES:
                    if step.kind is StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL and is_conflict(error):
                        return False  # a service principal for the app exists: the app can be used
                    raise
                if attempt == self.timing.create_attempts:
                    raise
            for wait in self.timing.lookup_settle_s:
                if wait:
                    self._sleep(wait)
                if self.exists(live + object_id):
                    return True
                if self.exists(f"/directory/deletedItems/{object_id}"):
                    break  # still in the bin: the attempt did not happen
        return True


def _not_visible_yet(error: GraphError) -> bool:
    if is_not_found_yet(error):
        return True
    message = error.message.lower()
    # POST /servicePrincipals right after the app's creation (graph-notes §3); an assignment right after its role
    # or a service principal it names was created (graph-notes §11).
    return error.status == 400 and ("does not reference a valid application" in message
                                    or any(words in message for words in REPLICATING))


def is_conflict(error: GraphError) -> bool:
    if isinstance(error, GraphConnectionError):
        return False
    return (
        error.status == 409
        or error.has_code("Request_MultipleObjectsWithSameKeyValue")
        or "already exist" in error.message.lower()
        or "already in use" in error.message.lower()
    )

