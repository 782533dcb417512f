"""The published schema is valid OpenAPI 3 and lists every route the API serves."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import validate

from api.site import api

pytestmark = pytest.mark.django_db


def _served_routes() -> set[tuple[str, str]]:
    """(method, path) of every operation registered on the API's routers, in OpenAPI's path syntax."""
    served = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                if not operation.include_in_schema:
                    continue
                full = "/api/v1/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
                full = re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", full)
                for method in operation.methods:
                    served.add((method.lower(), full))
    return served


def test_the_schema_is_valid_openapi_3(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_lists_every_route(client):
    schema = client.get("/api/v1/openapi.json").json()
    listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    served = _served_routes()
    assert len(served) > 20
    assert served == listed


def test_every_operation_declares_an_auth(client):
    schema = client.get("/api/v1/openapi.json").json()
    unauthenticated = [f"{m} {p}" for p, ops in schema["paths"].items() for m, op in ops.items()
                       if not op.get("security")]
    assert unauthenticated == []


def test_the_docs_page_is_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.content.decode()


def test_export_openapi_writes_the_served_schema(tmp_path, client):
    from django.core.management import call_command

    out = tmp_path / "openapi.json"
    call_command("export_openapi", str(out))
    assert json.loads(out.read_text()) == client.get("/api/v1/openapi.json").json()
