"""Graph's error answer: `{"error": {"code", "message", "innerError": {...}, "details"?}}`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str
    details: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


def bad_request(message: str, code: str = "Request_BadRequest", **detail: str) -> ApiError:
    details = [dict(detail)] if detail else []
    return ApiError(400, code, message, details)


def not_found(key: str) -> ApiError:
    return ApiError(
        404,
        "Request_ResourceNotFound",
        f"Resource '{key}' does not exist or one of its queried reference-property objects are not present.",
    )


def unsupported_query(message: str) -> ApiError:
    return ApiError(400, "Request_UnsupportedQuery", message)


def segment_not_found(segment: str) -> ApiError:
    return ApiError(400, "BadRequest", f"Resource not found for the segment '{segment}'.")
