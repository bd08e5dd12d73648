"""The OpenAPI 3 schema at /api/schema/: valid, and naming every endpoint."""

from __future__ import annotations

import json

import pytest
from drf_spectacular.validation import validate_schema

from tests.api.conftest import TokenClient

LISTS = ["mandates", "themes", "objectives", "updates", "targets", "periods"]


@pytest.fixture
def schema(api: TokenClient) -> dict:
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_it_is_a_valid_openapi_3_schema(schema: dict) -> None:
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # drf-spectacular's check against the OpenAPI 3 JSON schema


def test_it_lists_every_endpoint_read_only(schema: dict) -> None:
    expected = {f"/api/{name}/" for name in LISTS} | {f"/api/{name}/{{id}}/" for name in LISTS}
    assert set(schema["paths"]) == expected
    assert {method for path in schema["paths"].values() for method in path} == {"get"}


def test_it_describes_the_token_and_the_filters(schema: dict) -> None:
    assert schema["components"]["securitySchemes"]["personalToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'A personal token from /account/tokens/, as "Token <key>".',
    }
    objectives = {p["name"] for p in schema["paths"]["/api/objectives/"]["get"]["parameters"]}
    assert {"cursor", "q", "mandate", "theme", "status", "owner", "overdue"} <= objectives
    updates = {p["name"] for p in schema["paths"]["/api/updates/"]["get"]["parameters"]}
    assert {"as_at", "recorded_by", "mandate", "objective"} <= updates


def test_it_says_figures_are_numbers(schema: dict) -> None:
    target = schema["components"]["schemas"]["Target"]["properties"]
    assert target["value"]["type"] == "number"
    assert target["baseline_value"]["type"] == "number"
    assert target["baseline_value"]["nullable"] is True
