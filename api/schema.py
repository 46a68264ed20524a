"""drf-spectacular: how the token is sent, and the endpoint list of the human docs page."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "在“接口令牌”页面（/api/tokens/）创建的令牌：Authorization: Bearer hbipf_…",
        }


def endpoints(schema: dict) -> list[dict]:
    """The schema's operations, in path order, as rows for the docs page."""
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {"name": p["name"], "where": p["in"], "description": p.get("description", "")}
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return rows
