"""Typed Graph errors built from Graph's error body; branch on codes, never on messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.redact import redact
from desktop_app.network.failures import NetworkFailure


class GraphError(Exception):
    """A Graph request that failed for good: HTTP status, `error.code`, message and request-id for support."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        request_id: str | None = None,
        date: str | None = None,
        retry_after: float | None = None,
        inner_codes: tuple[str, ...] = (),
        method: str | None = None,
        path: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.code = code
        self.message = redact(message)
        self.request_id = request_id
        self.date = date
        self.retry_after = retry_after
        # Codes of nested innerError objects and of `details`, outermost first: Graph puts the precise
        # reason (e.g. Request_ResourceNotFound under a generic code) in these.
        self.inner_codes = inner_codes
        self.method = method
        self.path = path
        self.attempts = attempts
        super().__init__(str(self))

    @property
    def codes(self) -> tuple[str, ...]:
        """`code` followed by every nested code."""
        return (self.code, *self.inner_codes)

    def has_code(self, code: str) -> bool:
        return code in self.codes

    def __str__(self) -> str:
        text = f"{self.status} {self.code}: {self.message}"
        support = [f"request-id {self.request_id}" if self.request_id else "no request-id"]
        if self.date:
            support.append(f"date {self.date}")
        text += f" ({', '.join(support)})"
        if self.method and self.path:
            text += f" on {self.method} {self.path}"
        if self.attempts > 1:
            text += f" after {self.attempts} attempts"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, code={self.code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r}, method={self.method!r}, path={self.path!r})"
        )

    @classmethod
    def from_response(
        cls,
        status: int,
        body: Any,
        headers: Mapping[str, str] | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        secrets: tuple[str, ...] = (),
    ) -> GraphError:
        """Parse Graph's `{"error": {"code", "message", "innerError": {...}, "details": [...]}}`.

        Tolerates bodies that are not Graph's shape (a proxy's HTML page, an empty body): the status
        still says what happened, with a generic code.
        """
        lower = {k.lower(): v for k, v in (headers or {}).items()}
        error = body.get("error") if isinstance(body, Mapping) else None
        code = f"HTTP{status}"
        message = ""
        request_id = lower.get("request-id")
        date = lower.get("date")
        inner_codes: list[str] = []
        if isinstance(error, Mapping):
            code = str(error.get("code") or code)
            message = str(error.get("message") or "")
            inner = _inner_error(error)
            depth = 0
            while isinstance(inner, Mapping) and depth < 10:  # depth bound: a malicious body can't loop us
                request_id = str(inner.get("request-id") or inner.get("requestId") or request_id or "") or None
                date = str(inner.get("date") or date or "") or None
                if inner.get("code"):
                    inner_codes.append(str(inner["code"]))
                inner = _inner_error(inner)
                depth += 1
            details = error.get("details")
            if isinstance(details, list):
                inner_codes.extend(str(d["code"]) for d in details if isinstance(d, Mapping) and d.get("code"))
        elif isinstance(body, str) and body.strip():
            message = body.strip()[:300]
        if not message:
            message = _reason(status)
        message = redact(message, *secrets)
        return cls(
            status,
            code,
            message,
            request_id=request_id,
            date=date,
            retry_after=parse_retry_after(lower.get("retry-after")),
            inner_codes=tuple(inner_codes),
            method=method,
            path=path,
            attempts=attempts,
        )


class GraphConnectionError(GraphError):
    """No HTTP answer at all (dropped connection, timeout) even after the allowed retries. Status 0."""

    def __init__(self, code: str, message: str, *, method: str | None = None, path: str | None = None,
                 attempts: int = 1, sentence: str = "", failure: NetworkFailure | None = None) -> None:
        # What happened in words, naming the host and what to check (network.failures), when known; `failure`: the
        # same as facts, for the window to say in its language (None when the sentence is the caller's own).
        self.sentence = sentence
        self.failure = failure
        super().__init__(0, code, message, method=method, path=path, attempts=attempts)

    def __str__(self) -> str:
        text = self.sentence or f"{self.code}: {self.message}"
        if self.method and self.path:
            text += f" on {self.method} {self.path}"
        if self.attempts > 1:
            text += f" after {self.attempts} attempts"
        return text


def is_not_found_yet(err: BaseException) -> bool:
    """True for the replication-lag answers Graph gives right after a create (graph-notes §3, §8)."""
    if not isinstance(err, GraphError) or isinstance(err, GraphConnectionError):
        return False
    if err.status == 404:
        return True
    if err.status == 400:
        return err.has_code("Request_ResourceNotFound") or "does not exist" in err.message.lower()
    return False


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds; Graph sends seconds. An HTTP-date is not used by Graph and is ignored."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def _inner_error(obj: Mapping[str, Any]) -> Any:
    return obj.get("innerError", obj.get("innererror"))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unexpected status"
