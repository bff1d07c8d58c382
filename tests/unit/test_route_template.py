from __future__ import annotations

from componentforge.api.middleware import route_template


def test_unmatched_requests_share_one_label() -> None:
    assert route_template({"path": "/random/123"}) == "<unmatched>"


def test_parameters_are_put_back_as_names() -> None:
    scope = {
        "endpoint": object(),
        "path": "/api/v1/artifacts/components/abc/Button.tsx",
        "path_params": {"key": "components/abc/Button.tsx"},
    }
    assert route_template(scope) == "/api/v1/artifacts/{key}"
    scope = {"endpoint": object(), "path": "/api/v1/generation/42", "path_params": {"id": "42"}}
    assert route_template(scope) == "/api/v1/generation/{id}"


def test_static_routes_keep_their_path() -> None:
    assert route_template({"endpoint": object(), "path": "/api/v1/health"}) == "/api/v1/health"
