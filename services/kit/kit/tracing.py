"""OpenTelemetry traces across edge → gateway → service (decision 0095).

Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then each service exports one SERVER span per HTTP request
with OTLP over HTTP (the SDK reads the usual OTEL_* variables: headers, timeouts, batch delay), named by
its route template, never by a path that could carry an id. The span continues the caller's W3C
`traceparent`: the edge builds one whose trace id is its request id, the gateway's proxy passes its own
span on (`propagation_headers`), so one trace id names the request in the edge's log, the services' JSON
logs (`request_id`) and the trace. A sealed route's span is named `sealed`, as its metrics are: the tracing
backend cannot count one sealed route's requests apart from another's.
"""

from __future__ import annotations

import os
import time

from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kit.logs import request_id_var
from kit.middleware import SEALED_LABEL, RouteTemplates

ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
_PROPAGATOR = TraceContextTextMapPropagator()


def make_tracer(service: str) -> Tracer | None:
    """A tracer exporting to the configured OTLP endpoint, or None when none is configured."""
    if not os.environ.get(ENDPOINT):
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"shigu-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider.get_tracer("kit.tracing")


def propagation_headers() -> dict[str, str]:
    """The current span as `traceparent` (and `tracestate`) for a request onwards; empty when no span is
    recording (tracing off), and the caller's own header then passes on untouched."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier


class TracingMiddleware:
    """One SERVER span per HTTP request, continuing the caller's `traceparent`."""

    def __init__(self, app: ASGIApp, tracer: Tracer, sealed: RouteTemplates) -> None:
        self.app = app
        self.tracer = tracer
        self.sealed = sealed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        parent: Context = _PROPAGATOR.extract(carrier)
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.time_ns()
        with self.tracer.start_as_current_span(
            scope["method"], context=parent, kind=SpanKind.SERVER, start_time=started, end_on_exit=True
        ) as span:
            try:
                await self.app(scope, receive, send_status)
            finally:
                route = getattr(scope.get("route"), "path", "unmatched")
                if self.sealed.match(scope["path"]):
                    route = SEALED_LABEL
                span.update_name(f"{scope['method']} {route}")
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                span.set_attribute("shigu.request_id", request_id_var.get() or "")
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
