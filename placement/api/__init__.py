"""The read-only JSON API: routes, the OpenAPI document and API keys."""
