"""Microsoft Graph over one shared httpx.Client: paging, $batch, throttling and bounded retries.

Thread-safe: callers run many threads of requests through one client (the pool is sized for it).
Throttling is waited out, not given up on: a 429 is repeated after Graph's Retry-After for as long as
`throttle_patience_s` of waiting allows (half an hour by default), and with a `budget` (graph/budget.py) every
client of the tenant holds back while Graph asked one of them to wait. Other failures (503, 504, dropped
connections) are retried `max_retries` times.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import orjson

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.redact import redact
from desktop_app.graph.batch import SAFE_METHODS, BatchRequest, BatchResponse, next_envelopes
from desktop_app.graph.budget import ThrottleBudget
from desktop_app.graph.errors import GraphConnectionError, GraphError, parse_retry_after
from desktop_app.graph.tokens import AsksForPermissions, TokenProvider
from desktop_app.network.failures import Problem, captive_portal, classify
from desktop_app.network.http import httpx_transport
from desktop_app.network.proxy import NetworkSettings, proxy_for

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 30.0
# Read envelopes a reader keeps in flight at once (GraphClient.batch's `parallel`): Graph throttles by what they
# cost, not by how many come together.
READ_ENVELOPES_IN_FLIGHT = 8
THROTTLE_PATIENCE_S = 1800.0  # waiting out 429s per request; Graph's windows are 10 s to 5 min (graph-notes §8)
RETRYABLE_STATUSES = frozenset({429, 503, 504})
# These errors happen before a single byte of the request left the machine, so repeating even a POST is harmless.
_NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Graph's own characters in query strings ($select, $filter=startswith(appId,'a')) stay readable in logs.
_QUERY_SAFE = "$,()'*:@/"


@dataclass(frozen=True)
class GraphStats:
    """What a client has done so far. `requests` counts every HTTP request (a $batch envelope is one);
    `inner_requests` counts the requests inside batches; `retries` counts every repeated request,
    inner ones included; `throttled` every 429 answer, inner ones included."""

    requests: int = 0
    resource_units: float = 0.0
    writes: int = 0
    retries: int = 0
    throttled: int = 0
    seconds_waited: float = 0.0
    inner_requests: int = 0

    def __sub__(self, other: GraphStats) -> GraphStats:
        """The work done between two readings, e.g. by one backup run."""
        return GraphStats(**{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)})


class _Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values = GraphStats()

    def add(self, **amounts: float) -> None:
        with self._lock:
            self._values = replace(
                self._values, **{name: getattr(self._values, name) + amount for name, amount in amounts.items()}
            )

    def snapshot(self) -> GraphStats:
        with self._lock:
            return self._values


class GraphClient:
    def __init__(
        self,
        base_url: str,
        tokens: TokenProvider,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60,
        max_retries: int = 8,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_connections: int = 32,
        network: NetworkSettings | None = None,
        budget: ThrottleBudget | None = None,
        throttle_patience_s: float = THROTTLE_PATIENCE_S,
        refused: str | None = None,
    ) -> None:
        """`refused`: the sentence for a connection refused, when the caller knows better than "nothing listens
        there" (the demo's Graph runs only while the demo does)."""
        self._refused = refused
        self._base_url = base_url.rstrip("/")
        self._budget = budget
        self._patience = throttle_patience_s
        self._origin = _origin(httpx.URL(self._base_url))
        self._tokens = tokens
        self._max_retries = max_retries
        self._cancel = cancel
        self._sleep = sleep
        self._random = random.Random()
        self._counters = _Counters()
        # One client for everything: HTTP/1.1 keep-alive with a pool as large as the number of threads
        # callers may run, so parallel requests reuse connections instead of opening new ones.
        # (A transport passed in, e.g. a MockTransport, brings its own pooling.)
        # Without one: the OS trust store, the proxy for this host (never for loopback), no environment lookups
        # by httpx itself.
        self._host = httpx.URL(self._base_url).host
        self._proxy = proxy_for(self._base_url, network) if transport is None else None
        # The limits go to the transport: httpx.Client ignores its own `limits` when given one, and the transport's
        # default keeps only 20 connections alive (the others were closed after each answer and opened again).
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections, keepalive_expiry=30.0
        )
        if transport is None:
            transport = httpx_transport(self._base_url, network, limits=limits)
        self._http = httpx.Client(
            trust_env=False,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            http1=True,
            http2=False,
            follow_redirects=False,
        )

    # ----- lifecycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"GraphClient({self._base_url!r})"

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def cancel(self) -> CancelToken | None:
        """The token given when the client was made (GraphConnector(tenant, cancel=...)): it stops waits and
        retries."""
        return self._cancel

    @property
    def stats(self) -> GraphStats:
        return self._counters.snapshot()

    def ask_for(self, permissions: Sequence[str], *, write: bool = False) -> bool:
        """Every later token also carries these Graph permissions (e.g. "Directory.Read.All"), asked for now
        without user interaction (call it before the work starts, not while requests are in flight). The token
        provider's error is raised when they were never consented. False: the provider can't ask (fixed tokens,
        an app-only identity: it has what it was granted, and Graph's answer will say)."""
        if not permissions or not isinstance(self._tokens, AsksForPermissions):
            return False
        tokens = self._tokens.with_permissions(permissions)
        tokens.access_token(write=write)
        self._tokens = tokens
        return True

    # ----- typed calls -----------------------------------------------------------------------------------

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        return _json_object(self._request("GET", path, params=params, headers=headers))

    def get_pages(
        self, path: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Every page of a collection, following @odata.nextLink verbatim (it is opaque) until absent.

        `params` go on the first request only; the nextLink already carries them. `headers`
        (e.g. ConsistencyLevel: eventual) go on every page.
        """
        url: str | None = self._url(path, params)
        while url is not None:
            data = self.get(url, headers=headers)
            value = data.get("value")
            if not isinstance(value, list):
                raise GraphError(200, "NotACollection", "the answer has no 'value' list", method="GET",
                                 path=_display_path(url))
            if not all(isinstance(item, dict) for item in value):
                raise GraphError(200, "NotACollection", "the listing holds something that is not an object",
                                 method="GET", path=_display_path(url))
            yield value
            next_link = data.get("@odata.nextLink")
            if next_link is not None and (not isinstance(next_link, str) or next_link == url):
                # A nextLink pointing at the page just read would page forever.
                raise GraphError(200, "InvalidNextLink", "the nextLink repeats the current page", method="GET",
                                 path=_display_path(url))
            url = next_link

    def get_all(
        self, path: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
    ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for page in self.get_pages(path, params, headers):
            items.extend(page)
        return items

    def get_bytes(self, path: str) -> bytes | None:
        """A binary resource (a logo); None when there is none (404)."""
        response = self._request("GET", path, headers={"Accept": "*/*"}, none_on_404=True)
        if response.status_code == 404:
            return None
        return response.content

    def post(
        self, path: str, body: Any, *, retry_safe: bool = False, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """A POST is repeated after a dropped connection or 503/504 only with `retry_safe=True`:
        repeating `POST /applications` blindly can create a duplicate app."""
        return _json_object(self._request("POST", path, json_body=body, headers=headers, retry_safe=retry_safe))

    def patch(self, path: str, body: Any, headers: Mapping[str, str] | None = None) -> None:
        self._request("PATCH", path, json_body=body, headers=headers)

    def upsert(self, path: str, body: Any, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
        """PATCH with `Prefer: create-if-missing` (application-upsert): the new object on 201, {} on 204 (it
        existed already). Safe to repeat, so retried like any PATCH."""
        return _json_object(self._request("PATCH", path, json_body=body, headers=headers))

    def put_bytes(self, path: str, data: bytes, content_type: str) -> None:
        self._request("PUT", path, content=data, headers={"Content-Type": content_type})

    def delete(self, path: str) -> None:
        self._request("DELETE", path)

    # ----- $batch ----------------------------------------------------------------------------------------

    def batch(self, requests: Sequence[BatchRequest], *, parallel: int = 1) -> list[BatchResponse]:
        """Run requests through `POST /$batch`, 20 at a time; answers come back in input order.
        `parallel`: reads only (every request a GET): up to this many envelopes in flight at once (the envelopes
        of one round are independent of each other; a read of 400 lists is 20 envelopes, 2 s one after the other).

        Every inner answer stands on its own: failures are returned (see `BatchResponse.error`), not raised.
        Inner 429s (and 503/504 of requests safe to repeat) are sent again after the largest inner
        Retry-After, up to max_retries times. A request may depend only on requests before it. Graph takes a
        batch fully parallel or fully sequential, never mixed, and orders only within one batch: a chain of
        dependent requests goes whole in one batch (graph/batch.next_envelopes), what it depends on never after
        it, retries included; a dependency that failed fails its dependents with 424, as Graph would.
        """
        _validate_batch(requests)
        done: dict[str, BatchResponse] = {}
        pending = list(requests)
        failures = 0  # rounds that met something other than throttling only
        throttled_wait = 0.0
        while pending:
            pending = self._settle_dependencies(pending, done)
            retry: set[str] = set()
            envelopes = next_envelopes(pending)
            for envelope, answers in zip(envelopes, self._send_envelopes(envelopes, parallel), strict=True):
                for request in envelope:
                    done[request.id] = answers.get(request.id) or _missing_answer(request)
                retry |= _retryable_ids(envelope, done)
            if retry:
                only_throttled = all(done[i].status in (429, 424) for i in retry)
                failures += not only_throttled
                if failures > self._max_retries or (only_throttled and self._waited(throttled_wait) >= self._patience):
                    log.warning("Giving up on %d batch request(s) after %d attempts", len(retry), failures + 1)
                    retry = set()
                else:
                    throttled_wait += self._wait_before_retry(retry, done, failures)
                    for request_id in retry:
                        del done[request_id]
            pending = [r for r in pending if r.id not in done]
        return [done[r.id] for r in requests]

    def _send_envelopes(self, envelopes: list[list[BatchRequest]],
                        parallel: int) -> Iterator[dict[str, BatchResponse]]:
        """Each envelope's answers, in order: one after the other, or (reads only) side by side."""
        reads_only = all(r.method.upper() == "GET" for envelope in envelopes for r in envelope)
        if parallel <= 1 or len(envelopes) <= 1 or not reads_only:
            yield from (self._send_batch(envelope) for envelope in envelopes)
            return
        with ThreadPoolExecutor(min(parallel, len(envelopes)), thread_name_prefix="graph-batch") as pool:
            futures = [pool.submit(self._send_batch, envelope) for envelope in envelopes]
            try:
                yield from (future.result() for future in futures)
            finally:
                for future in futures:
                    future.cancel()

    @staticmethod
    def _settle_dependencies(pending: list[BatchRequest], done: dict[str, BatchResponse]) -> list[BatchRequest]:
        """What is still to send, each naming only the pending requests it depends on: a dependency that is
        done and succeeded is kept by the order of sending; one that failed fails its dependent with 424."""
        still: list[BatchRequest] = []
        for request in pending:
            deps = tuple(request.depends_on or ())
            failed = [d for d in deps if d in done and not done[d].ok]
            if failed:
                done[request.id] = _failed_dependency(request, failed)
                continue
            still.append(replace(request, depends_on=tuple(d for d in deps if d not in done) or None))
        return still

    def _wait_before_retry(self, retry: set[str], done: dict[str, BatchResponse], failures: int) -> float:
        """Waits the largest inner Retry-After (or backs off); returns the throttled part of the wait."""
        retry_afters = [parse_retry_after(done[i].headers.get("retry-after")) for i in retry]
        delays = [d for d in retry_afters if d is not None]
        delay = max(delays) if delays else self._backoff(max(failures, 1))
        throttled_ids = sorted(i for i in retry if done[i].status == 429)
        if throttled_ids and self._budget is not None:
            self._budget.throttled(delay, done[throttled_ids[0]].error)
        statuses = sorted({done[i].status for i in retry})
        log.info("Retrying %d batch request(s) after %s (attempt %d of %d), waiting %.1f s",
                 len(retry), "/".join(map(str, statuses)), failures + 1, self._max_retries + 1, delay)
        self._counters.add(retries=len(retry))
        self._wait(delay)
        return delay if throttled_ids else 0.0

    def _send_batch(self, requests: list[BatchRequest]) -> dict[str, BatchResponse]:
        by_id = {r.id: r for r in requests}
        writes = sum(1 for r in requests if r.method.upper() != "GET")
        self._counters.add(inner_requests=len(requests), writes=writes)
        response = self._request(
            "POST",
            "/$batch",
            json_body={"requests": [r.to_json() for r in requests]},
            # The envelope may be sent again only if every request inside may be.
            retry_safe=all(r.safe_to_repeat for r in requests),
            write=writes > 0,
            count_write=False,
        )
        data = _json_object(response)
        answers: dict[str, BatchResponse] = {}
        units = 0.0
        throttled = 0
        for item in data.get("responses") or []:
            if not isinstance(item, dict) or str(item.get("id")) not in by_id:
                continue
            request = by_id[str(item["id"])]
            headers = {str(k).lower(): str(v) for k, v in (item.get("headers") or {}).items()}
            status = int(item.get("status", 0))
            units += _resource_units(headers.get("x-ms-resource-unit"))
            throttled += status == 429
            answers[request.id] = BatchResponse(
                request.id, status, headers, item.get("body"), method=request.method.upper(), url=request.url
            )
            log.debug(
                "batch[%s] %s %s -> %d (request-id %s)",
                request.id, request.method.upper(), _display_path(request.url), status, headers.get("request-id"),
            )
        self._counters.add(resource_units=units, throttled=throttled)
        return answers

    # ----- one HTTP request, with retries ----------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        retry_safe: bool = False,
        none_on_404: bool = False,
        write: bool | None = None,
        count_write: bool = True,
    ) -> httpx.Response:
        url = self._url(path, params)
        shown = _display_path(url)
        is_write = method != "GET" if write is None else write
        safe = method in SAFE_METHODS or retry_safe
        attempt = 0
        failures = 0  # attempts that failed other than by throttling: those are bounded by max_retries
        throttled_wait = 0.0
        while True:
            attempt += 1
            self._check_cancel()
            token = self._tokens.access_token(write=is_write)
            request_headers = {
                "Accept": "application/json",
                **(headers or {}),
                "Authorization": f"Bearer {token}",
                "client-request-id": str(uuid.uuid4()),
            }
            started = time.monotonic()
            try:
                response = self._send_within_budget(method, url, request_headers, json_body, content, attempt,
                                                    counted_write=is_write and count_write)
            except httpx.TransportError as exc:
                detail = redact(str(exc), token) or "no detail"
                reason = f"{type(exc).__name__}: {detail}"
                nothing_sent = isinstance(exc, _NOTHING_SENT)
                failure = classify(exc, self._host, proxy=self._proxy)
                own_words = failure.problem is Problem.REFUSED and bool(self._refused)
                if own_words:
                    failure = replace(failure, sentence=self._refused or "")
                if failure.permanent:
                    # Refused, DNS, proxy, untrusted certificate: the same answer again after every wait.
                    log.warning("%s %s failed: %s", method, shown, failure.sentence)
                    raise GraphConnectionError(failure.problem.value, detail, method=method, path=shown,
                                               attempts=attempt, sentence=failure.sentence,
                                               failure=None if own_words else failure) from None
                failures += 1
                if (safe or nothing_sent) and failures <= self._max_retries:
                    delay = self._backoff(failures)
                    log.info(
                        "Retrying %s %s after %s (attempt %d of %d), waiting %.1f s",
                        method, shown, reason, attempt + 1, self._max_retries + 1, delay,
                    )
                    self._counters.add(retries=1)
                    self._wait(delay)
                    continue
                if not (safe or nothing_sent):
                    detail += f" (not retried: a {method} may already have reached Graph)"
                log.warning("%s %s failed after %d attempt(s): %s", method, shown, attempt, reason)
                raise GraphConnectionError(
                    type(exc).__name__, detail, method=method, path=shown, attempts=attempt
                ) from None

            elapsed = time.monotonic() - started
            status = response.status_code
            # A $batch envelope's units (where Graph sends them) are its inner requests' units, which
            # _send_batch counts one by one; counting the envelope too would count them twice.
            units = 0.0 if path == "/$batch" else _resource_units(response.headers.get("x-ms-resource-unit"))
            self._counters.add(resource_units=units, throttled=int(status == 429))
            log.debug(
                "%s %s -> %d (request-id %s, %.3f s)", method, shown, status, response.headers.get("request-id"),
                elapsed,
            )
            portal = captive_portal(self._host, status, response.headers.get("content-type", ""),
                                    response.headers.get("location", ""))
            if portal is not None:
                raise GraphConnectionError(portal.problem.value, f"HTTP {status}", method=method, path=shown,
                                           attempts=attempt, sentence=portal.sentence, failure=portal)
            if status < 400 or (status == 404 and none_on_404):
                return response

            # Graph did not run a throttled (429) request, so repeating it is safe for any method;
            # a 503/504 may hide a request that did run, so only safe ones are repeated.
            if status == 429:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                delay = retry_after if retry_after is not None else self._backoff(attempt)
                if self._budget is not None:
                    self._budget.throttled(delay, GraphError.from_response(
                        status, _body(response), response.headers, method=method, path=shown, secrets=(token,)))
                retry = self._waited(throttled_wait) + delay <= self._patience
                throttled_wait += delay
            else:
                failures += status in RETRYABLE_STATUSES
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                delay = retry_after if retry_after is not None else self._backoff(failures)
                retry = status in RETRYABLE_STATUSES and safe and failures <= self._max_retries
            if retry:
                log.info(
                    "Retrying %s %s after %d (request-id %s, attempt %d of %d), waiting %.1f s",
                    method, shown, status, response.headers.get("request-id"), attempt + 1,
                    self._max_retries + 1, delay,
                )
                self._counters.add(retries=1)
                self._wait(delay)
                continue
            error = GraphError.from_response(
                status, _body(response), response.headers, method=method, path=shown, attempts=attempt,
                secrets=(token,),
            )
            log.debug("%s %s failed: %s", method, shown, error)
            raise error

    # ----- helpers ---------------------------------------------------------------------------------------

    def _url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        if path.startswith(("http://", "https://")):
            # A nextLink: used verbatim, but the token goes only to the host it was issued for.
            if _origin(httpx.URL(path)) != self._origin:
                raise GraphError(0, "ForeignUrl", f"refusing to send credentials to {_origin(httpx.URL(path))}")
            url = path
        else:
            url = self._base_url + (path if path.startswith("/") else "/" + path)
        if params:
            query = urlencode({k: _param(v) for k, v in params.items()}, safe=_QUERY_SAFE, quote_via=quote)
            url += ("&" if "?" in url else "?") + query
        return url

    def _backoff(self, attempt: int) -> float:
        """Exponential with jitter, so parallel workers that failed together don't return together."""
        ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** (attempt - 1))
        return ceiling * self._random.uniform(0.5, 1.0)


    def _waited(self, own_wait: float) -> float:
        """Throttled time that counts against the patience: this request's own waits, or how long the tenant's
        budget has seen nothing but 429s, whichever is longer."""
        return max(own_wait, self._budget.throttled_for()) if self._budget is not None else own_wait

    def _send_within_budget(
        self, method: str, url: str, headers: Mapping[str, str], json_body: Any, content: bytes | None,
        attempt: int, *, counted_write: bool,
    ) -> httpx.Response:
        """One HTTP request, in its turn of the tenant's shared budget (graph/budget.py) when there is one.
        Raises Graph's last 429 for the tenant, sending nothing, when the tenant has been throttled longer than
        the patience while this request waited for its turn (every client of the tenant gives up together)."""
        if self._budget is None:
            self._counters.add(requests=1, writes=int(counted_write))
            return self._http.request(method, url, headers=headers, json=json_body, content=content)
        refusal = self._budget.enter(self._wait, self._patience)
        if refusal is not None:
            log.warning("%s %s not sent: Graph has throttled this tenant for %.0f s, longer than the patience",
                        method, _display_path(url), self._budget.throttled_for())
            raise GraphError(
                refusal.status, refusal.code, refusal.message, request_id=refusal.request_id, date=refusal.date,
                retry_after=refusal.retry_after, inner_codes=refusal.inner_codes, method=method,
                path=_display_path(url), attempts=attempt,
            )
        self._counters.add(requests=1, writes=int(counted_write))
        throttled = False
        try:
            response = self._http.request(method, url, headers=headers, json=json_body, content=content)
            throttled = response.status_code == 429 or (
                url.endswith("/$batch") and b'"status":429' in response.content.replace(b" ", b""))
            return response
        finally:
            self._budget.leave(throttled)

    def _check_cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()

    def _wait(self, seconds: float) -> None:
        self._counters.add(seconds_waited=seconds)
        cancel = self._cancel
        if cancel is not None and self._sleep is time.sleep:
            # Wake up as soon as the user cancels instead of sitting out a long Retry-After.
            if cancel.wait(seconds):
                raise Cancelled()
            return
        self._sleep(seconds)
        self._check_cancel()


def _validate_batch(requests: Sequence[BatchRequest]) -> None:
    seen: set[str] = set()
    for request in requests:
        if request.id in seen:
            raise ValueError(f"batch request id {request.id!r} is used twice")
        if request.url.startswith(("http://", "https://")):
            raise ValueError(f"batch request {request.id!r}: URLs inside a batch must be relative")
        unknown = [d for d in request.depends_on or () if d not in seen]
        if unknown:
            raise ValueError(f"batch request {request.id!r} depends on {unknown}, which do not come before it")
        seen.add(request.id)


def _retryable_ids(sent: list[BatchRequest], done: Mapping[str, BatchResponse]) -> set[str]:
    retry: set[str] = set()
    for request in sent:  # in order, so a chain of dependents follows its retried prerequisite
        status = done[request.id].status
        if status == 429 or (status in RETRYABLE_STATUSES and request.safe_to_repeat):
            retry.add(request.id)
        elif status == 424 and any(d in retry for d in request.depends_on or ()):
            retry.add(request.id)  # failed only because its prerequisite was throttled
    return retry


def _failed_dependency(request: BatchRequest, failed: list[str]) -> BatchResponse:
    body = {"error": {"code": "FailedDependency", "message": f"request(s) {', '.join(failed)} it depends on failed"}}
    return BatchResponse(request.id, 424, {}, body, method=request.method.upper(), url=request.url)


def _missing_answer(request: BatchRequest) -> BatchResponse:
    body = {"error": {"code": "MissingBatchResponse", "message": "Graph returned no answer for this request"}}
    return BatchResponse(request.id, 502, {}, body, method=request.method.upper(), url=request.url)


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"


def _display_path(url: str) -> str:
    """The path for logs and messages: no query string (nextLinks carry opaque tokens), no host."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        rest = path.split("://", 1)[1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"
    return path


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _resource_units(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def _body(response: httpx.Response) -> Any:
    try:
        return _loads(response.content)
    except ValueError:
        return response.text


def _loads(content: bytes) -> Any:
    """JSON from Graph: orjson for speed; what it refuses (not UTF-8, a lone surrogate escape) goes to the json
    module, which decides as it always did (ValueError when it is not JSON). NaN and Infinity are not JSON and
    are refused by both, so no document ever holds one."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        try:
            return json.loads(content, parse_constant=_not_json)
        except RecursionError:  # nested deeper than any answer of Graph's (orjson stops at 1,024 levels)
            raise ValueError("JSON nested too deep") from None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _json_object(response: httpx.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        data = _loads(response.content)
    except ValueError:
        raise GraphError(
            response.status_code, "InvalidJson", "the answer is not JSON", method=response.request.method,
            path=_display_path(str(response.request.url)),
        ) from None
    if not isinstance(data, dict):
        raise GraphError(
            response.status_code, "UnexpectedAnswer", "the answer is not a JSON object",
            method=response.request.method, path=_display_path(str(response.request.url)),
        )
    return data
