"""The OpenAPI schema is served by the app and is a valid OpenAPI 3 document; the docs page needs no CDN."""

import json
import re

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema


@pytest.mark.django_db
def test_the_schema_is_served_without_a_token_and_validates(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid document
    assert {"/api/applications/", "/api/applications/{id}/", "/api/bank-results/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    status = schema["components"]["schemas"]["CodeLabel"]["properties"]
    assert set(status) == {"code", "label"}


@pytest.mark.django_db
def test_the_yaml_schema_is_the_same_document(client):
    as_yaml = yaml.safe_load(client.get(reverse("api:schema")).content)
    as_json = json.loads(client.get(reverse("api:schema"), {"format": "json"}).content)
    assert as_yaml == as_json


@pytest.mark.django_db
def test_the_docs_page_lists_every_endpoint_from_the_schema_without_external_assets(client):
    response = client.get(reverse("api:docs"))
    html = response.content.decode()
    assert response.status_code == 200
    for path in ("/api/applications/", "/api/calls/{id}/approved/", "/api/bank-results/"):
        assert path in html
    assert "回传银行支付结果（仅省局财务）" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
