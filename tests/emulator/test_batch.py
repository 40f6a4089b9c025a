"""POST /$batch: 20 at most, relative URLs, dependsOn and 424, inner throttling, base64 binary bodies."""

from __future__ import annotations

import base64

from emulator_helpers import assert_error, new_app

from desktop_app.emulator.seed import LOGOS


def test_batch_answers_each_request(graph) -> None:
    app = new_app(graph)
    body = {"requests": [
        {"id": "1", "method": "GET", "url": f"/applications/{app['id']}?$select=displayName"},
        {"id": "2", "method": "GET", "url": "applications/00000000-0000-4000-8000-000000000000"},
        {"id": "3", "method": "PATCH", "url": f"/applications/{app['id']}", "body": {"notes": "batched"},
         "headers": {"Content-Type": "application/json"}},
    ]}
    response = graph.post("/$batch", json=body)
    assert response.status_code == 200
    answers = {a["id"]: a for a in response.json()["responses"]}
    assert answers["1"]["status"] == 200 and answers["1"]["body"]["displayName"] == "Test app"
    assert answers["2"]["status"] == 404 and answers["2"]["body"]["error"]["code"] == "Request_ResourceNotFound"
    assert answers["3"]["status"] == 204
    assert graph.get(f"/applications/{app['id']}").json()["notes"] == "batched"


def test_more_than_20_requests_is_400(graph) -> None:
    requests = [{"id": str(i), "method": "GET", "url": "/organization"} for i in range(21)]
    assert_error(graph.post("/$batch", json={"requests": requests}), 400)
    assert graph.post("/$batch", json={"requests": requests[:20]}).status_code == 200


def test_absolute_urls_are_refused(graph, emulator) -> None:
    body = {"requests": [{"id": "1", "method": "GET", "url": f"{emulator.base_url}/organization"}]}
    answer = graph.post("/$batch", json=body).json()["responses"][0]
    assert answer["status"] == 400


def test_depends_on_a_failed_request_gives_424(graph) -> None:
    body = {"requests": [
        {"id": "1", "method": "GET", "url": "/applications/00000000-0000-4000-8000-000000000000"},
        {"id": "2", "method": "GET", "url": "/organization", "dependsOn": ["1"]},
        {"id": "3", "method": "GET", "url": "/domains", "dependsOn": ["1"]},
    ]}
    answers = {a["id"]: a["status"] for a in graph.post("/$batch", json=body).json()["responses"]}
    assert answers == {"1": 404, "2": 424, "3": 424}
    chain = {"requests": [
        {"id": "a", "method": "GET", "url": "/domains"},
        {"id": "b", "method": "GET", "url": "/organization", "dependsOn": ["a"]},
        {"id": "c", "method": "GET", "url": "/applications/00000000-0000-4000-8000-000000000000", "dependsOn": ["b"]},
        {"id": "d", "method": "GET", "url": "/organization", "dependsOn": ["c"]},
    ]}
    answers = {a["id"]: a["status"] for a in graph.post("/$batch", json=chain).json()["responses"]}
    assert answers == {"a": 200, "b": 200, "c": 404, "d": 424}


def test_a_batch_mixing_depends_on_with_independent_requests_is_400(graph) -> None:
    """Fully sequential or fully parallel (microsoft-graph-docs-contrib#2339): the documentation's own example of
    1 and 3 first, then 2, then 4 is refused whole, and nothing in it runs."""
    app = new_app(graph)
    patch = {"method": "PATCH", "url": f"/applications/{app['id']}", "body": {"notes": "mixed"},
             "headers": {"Content-Type": "application/json"}}
    mixed = {"requests": [
        {"id": "1", **patch},
        {"id": "2", "method": "GET", "url": "/organization", "dependsOn": ["1"]},
        {"id": "3", "method": "GET", "url": "/domains"},
        {"id": "4", "method": "GET", "url": "/organization", "dependsOn": ["3"]},
    ]}
    error = assert_error(graph.post("/$batch", json=mixed), 400)
    assert error["message"] == "Batch should be either fully sequential or fully parallel."
    assert graph.get(f"/applications/{app['id']}").json()["notes"] is None
    sequential = {"requests": [{"id": "1", **patch}, {"id": "2", "method": "GET", "url": "/domains", "dependsOn": ["1"]},
                               {"id": "3", "method": "GET", "url": "/organization", "dependsOn": ["1"]}]}
    assert {a["status"] for a in graph.post("/$batch", json=sequential).json()["responses"]} <= {200, 204}


def test_depends_on_an_unknown_or_later_request_is_400(graph) -> None:
    body = {"requests": [{"id": "1", "method": "GET", "url": "/organization", "dependsOn": ["2"]},
                         {"id": "2", "method": "GET", "url": "/domains"}]}
    assert_error(graph.post("/$batch", json=body), 400)


def test_binary_bodies_are_base64(graph) -> None:
    app = new_app(graph)
    body = {"requests": [
        {"id": "put", "method": "PUT", "url": f"/applications/{app['id']}/logo",
         "headers": {"Content-Type": "image/png"}, "body": base64.b64encode(LOGOS[3]).decode()},
        {"id": "get", "method": "GET", "url": f"/applications/{app['id']}/logo", "dependsOn": ["put"]},
    ]}
    answers = {a["id"]: a for a in graph.post("/$batch", json=body).json()["responses"]}
    assert answers["put"]["status"] == 204
    assert base64.b64decode(answers["get"]["body"]) == LOGOS[3]
    assert answers["get"]["headers"]["Content-Type"] == "image/png"
    assert graph.get(f"/applications/{app['id']}/logo").content == LOGOS[3]


def test_body_without_content_type_is_400(graph) -> None:
    app = new_app(graph)
    body = {"requests": [{"id": "1", "method": "PATCH", "url": f"/applications/{app['id']}", "body": {"notes": "x"}}]}
    assert graph.post("/$batch", json=body).json()["responses"][0]["status"] == 400


def test_inner_requests_use_the_outer_token(connect) -> None:
    reader = connect("contoso", read_only=True)
    app = reader.get("/applications", params={"$top": "1"}).json()["value"][0]
    body = {"requests": [{"id": "1", "method": "DELETE", "url": f"/applications/{app['id']}"},
                         {"id": "2", "method": "GET", "url": f"/applications/{app['id']}"}]}
    answers = {a["id"]: a["status"] for a in reader.post("/$batch", json=body).json()["responses"]}
    assert answers == {"1": 403, "2": 200}


def test_inner_requests_are_throttled_one_by_one(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 10})
    requests = [{"id": str(i), "method": "GET", "url": "/applications?$top=50"} for i in range(8)]
    response = graph.post("/$batch", json={"requests": requests})
    assert response.status_code == 200
    answers = response.json()["responses"]
    statuses = [a["status"] for a in answers]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    throttled = answers[-1]
    assert int(throttled["headers"]["Retry-After"]) >= 1
    assert throttled["headers"]["x-ms-throttle-information"] == "ResourceUnitLimitExceeded"
    assert throttled["body"]["error"]["code"] == "TooManyRequests"
