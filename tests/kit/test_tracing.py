"""Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (the export itself: tests/e2e/test_tracing.py)."""

from __future__ import annotations

import pytest

from kit.app import create_service_app
from kit.tracing import TracingMiddleware, make_tracer, propagation_headers


def middleware_of(monkeypatch: pytest.MonkeyPatch, endpoint: str | None) -> list[object]:
    if endpoint is None:
        monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    else:
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
    app = create_service_app("tracing-test", engine=None, routers=[])
    return [m.cls for m in app.user_middleware]


def test_no_endpoint_no_tracer_and_no_span_middleware(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert make_tracer("gateway") is None
    assert TracingMiddleware not in middleware_of(monkeypatch, None)
    # Outside a span nothing is propagated: the caller's traceparent passes on as it came.
    assert propagation_headers() == {}


def test_an_endpoint_turns_the_span_middleware_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert TracingMiddleware in middleware_of(monkeypatch, "http://127.0.0.1:4318")
