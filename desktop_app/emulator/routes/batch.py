"""/$batch: up to 20 inner requests, run in order through the same entry point, with dependsOn and 424. A batch
that uses dependsOn is fully sequential: every request after the first depends on one before it."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from ..errors import ApiError, bad_request
from ..messages import JSON, Request, Response, json_response
from ..validation import parse_json_object

MAX_REQUESTS = 20


class Batch:
    def __init__(self, handle: Callable[[Request], Response],
                 error_response: Callable[[ApiError, str, str], Response]) -> None:
        self._handle = handle
        self._error_response = error_response

    def handle(self, req: Request) -> Response:
        if req.method != "POST":
            raise ApiError(405, "Request_BadRequest", "$batch accepts POST only.")
        body = parse_json_object(req.body)
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise bad_request("The batch body needs a non-empty 'requests' array.", "BadRequest")
        if len(requests) > MAX_REQUESTS:
            raise bad_request(f"Number of requests in a batch exceeds the limit of {MAX_REQUESTS}.", "BadRequest")
        ids: list[str] = []
        for item in requests:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("method") \
                    or not isinstance(item.get("url"), str):
                raise bad_request("Every batch request needs 'id', 'method' and 'url'.", "BadRequest")
            if item["id"] in ids:
                raise bad_request(f"Batch request id '{item['id']}' is used twice.", "BadRequest")
            for dependency in item.get("dependsOn") or []:
                if dependency not in ids:
                    raise bad_request(f"Request '{item['id']}' depends on '{dependency}', which does not come "
                                      "before it in the batch.", "BadRequest")
            ids.append(item["id"])
        if any(item.get("dependsOn") for item in requests) and not all(item.get("dependsOn") for item in requests[1:]):
            # Graph runs a batch either in order (every request after the first names one before it) or all at
            # once; a mix is refused whole (microsoft-graph-docs-contrib#2339; json-batching).
            raise bad_request("Batch should be either fully sequential or fully parallel.", "BadRequest")
        statuses: dict[str, int] = {}
        responses = []
        for item in requests:
            answer = self._item(req, item, statuses)
            statuses[item["id"]] = answer["status"]
            responses.append(answer)
        response = json_response(200, {"responses": responses}, len(responses))
        units = sum(int(r.get("headers", {}).get("x-ms-resource-unit", 0)) for r in responses)
        response.headers["x-ms-resource-unit"] = str(units)  # what the inner requests cost together
        return response

    def _item(self, outer: Request, item: dict[str, Any], statuses: dict[str, int]) -> dict[str, Any]:
        failed = [d for d in item.get("dependsOn") or [] if not 200 <= statuses.get(d, 0) < 300]
        if failed:
            return {"id": item["id"], "status": 424, "headers": {"Content-Type": "application/json"},
                    "body": {"error": {"code": "FailedDependency",
                                       "message": f"The request depends on request(s) {', '.join(failed)} that failed."}}}
        url: str = item["url"]
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
            return self._error(item, ApiError(400, "BadRequest", "Batch request URLs must be relative."))
        url = url if url.startswith("/") else "/" + url
        if url.startswith("/v1.0/"):
            url = url[len("/v1.0"):]
        parts = urlsplit(url)
        headers = {k.lower(): str(v) for k, v in (item.get("headers") or {}).items()}
        headers["authorization"] = outer.headers.get("authorization", "")
        if "consistencylevel" in outer.headers and "consistencylevel" not in headers:
            headers["consistencylevel"] = outer.headers["consistencylevel"]
        raw = b""
        if "body" in item and item["body"] is not None:
            content_type = headers.get("content-type")
            if not content_type:
                return self._error(item, ApiError(400, "BadRequest",
                                                  "A batch request with a body needs a Content-Type header."))
            if content_type.startswith("application/json"):
                raw = json.dumps(item["body"]).encode()
            else:
                try:
                    raw = base64.b64decode(item["body"], validate=True)
                except (ValueError, TypeError):
                    return self._error(item, ApiError(400, "BadRequest",
                                                      "A non-JSON batch body must be base64 encoded."))
        inner = Request(str(item["method"]).upper(), parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)),
                        headers, raw, outer.base_url)
        if inner.path.strip("/") == "$batch":
            return self._error(item, ApiError(400, "BadRequest", "A batch cannot contain a batch."))
        response = self._handle(inner)
        answer: dict[str, Any] = {"id": item["id"], "status": response.status}
        answer_headers = {k: v for k, v in response.headers.items()
                          if k.lower() not in ("request-id", "client-request-id")}
        if response.content_type:
            answer_headers["Content-Type"] = response.content_type
        answer["headers"] = answer_headers
        if response.body:
            if response.content_type and response.content_type.startswith("application/json"):
                answer["body"] = orjson.loads(response.body)
            else:
                answer["body"] = base64.b64encode(response.body).decode()
        return answer

    def _error(self, item: dict[str, Any], error: ApiError) -> dict[str, Any]:
        response = self._error_response(error, str(uuid.uuid4()), str(uuid.uuid4()))
        return {"id": item["id"], "status": error.status, "headers": {"Content-Type": JSON},
                "body": json.loads(response.body)}
