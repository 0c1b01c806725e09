"""OpenTelemetry traces through the real edge (Debian's nginx on deploy/nginx/shigu.conf.template), the
gateway and a service, exported by the real OTLP/HTTP exporter to a receiver started here, which decodes
what it is sent (opentelemetry-proto): one trace id, the edge's request id, spans gateway and service."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from demo.accounts import DEFAULT_DEMO_PASSWORD
from tests.deploy.nginx import Edge, start_edge
from tests.e2e.conftest import Platform, start_platform, stop_platform
from tests.support.upstream import free_port

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    attributes: dict[str, Any]


class Receiver(ThreadingHTTPServer):
    spans: list[ReceivedSpan]
    paths: list[str]


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.paths.append(self.path)
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = {a.key: a.value.string_value or a.value.int_value for a in span.attributes}
                    self.server.spans.append(
                        ReceivedSpan(
                            resource.get("service.name", ""),
                            span.trace_id.hex(),
                            span.span_id.hex(),
                            span.parent_span_id.hex(),
                            span.name,
                            attributes,
                        )
                    )
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    server = Receiver(("127.0.0.1", free_port()), Handler)
    server.spans, server.paths = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def traced(receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, Edge]]:
    endpoint = f"http://127.0.0.1:{receiver.server_address[1]}"
    platform = start_platform(
        tmp_path_factory.mktemp("traced"),
        {
            "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
            "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "200",  # ms: spans leave within the test, not at exit
        },
    )
    static = tmp_path_factory.mktemp("traced-dist")
    (static / "index.html").write_text("<!doctype html><title>视谷机会平台</title>")
    edge = start_edge(
        tmp_path_factory.mktemp("traced-edge"),
        gateway=f"127.0.0.1:{platform.ports['gateway']}",
        static_root=static,
        http_port=free_port(),
        https_port=free_port(),
    )
    yield platform, edge
    edge.stop()
    stop_platform(platform)


def spans_of(receiver: Receiver, trace_id: str, services: set[str]) -> list[ReceivedSpan]:
    """The trace's spans once every one of `services` has sent one (the exporter sends in batches)."""
    limit = time.monotonic() + 60
    while True:
        found = [s for s in receiver.spans if s.trace_id == trace_id]
        if services <= {s.service for s in found} or time.monotonic() > limit:
            return found
        time.sleep(0.2)


def test_one_trace_id_the_request_id_spans_edge_gateway_and_service(
    traced: tuple[Platform, Edge], receiver: Receiver
) -> None:
    _, edge = traced
    context = ssl.create_default_context(cafile=str(edge.cert))
    with httpx.Client(base_url=edge.origin, verify=context, timeout=30, trust_env=False) as http:
        signed_in = http.post("/api/auth/token", data={"username": "vendor1", "password": DEFAULT_DEMO_PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        bearer = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        # A client's own traceparent does not choose the trace: the edge replaces it.
        forged = "00-" + "ab" * 16 + "-" + "cd" * 8 + "-01"
        answer = http.get(
            "/api/workflow/applications", params={"mine": "true"}, headers={**bearer, "traceparent": forged}
        )
        codelists = http.get("/api/matching/codelists")
    assert answer.status_code == 200, answer.text
    assert codelists.status_code == 200, codelists.text
    request_id = answer.headers["x-request-id"]
    assert len(request_id) == 32

    spans = spans_of(receiver, request_id, {"shigu-gateway", "shigu-workflow"})
    by_service = {s.service: s for s in spans}
    assert set(by_service) == {"shigu-gateway", "shigu-workflow"}, spans
    gateway, workflow = by_service["shigu-gateway"], by_service["shigu-workflow"]
    # edge → gateway → workflow: the edge's span id is its request id's first half, the gateway's span is
    # workflow's parent.
    assert gateway.parent_span_id == request_id[:16]
    assert workflow.parent_span_id == gateway.span_id
    # Sealed routes are named `sealed`, as in the metrics, at the gateway and at workflow.
    assert gateway.name == workflow.name == "GET sealed"
    for span in (gateway, workflow):
        assert span.attributes["shigu.request_id"] == request_id
        assert span.attributes["http.response.status_code"] == 200
    assert not [s for s in receiver.spans if s.trace_id == "ab" * 16]
    assert set(receiver.paths) == {"/v1/traces"}
    # The sign-in is a trace of its own, the gateway's alone.
    # Any other route by its template: the gateway's proxy route, and matching's own.
    listed = spans_of(receiver, codelists.headers["x-request-id"], {"shigu-gateway", "shigu-matching"})
    assert sorted((s.service, s.name) for s in listed) == [
        ("shigu-gateway", "GET /api/{service}/{path:path}"),
        ("shigu-matching", "GET /codelists"),
    ]
    sign_in = spans_of(receiver, signed_in.headers["x-request-id"], {"shigu-gateway"})
    assert [(s.service, s.name) for s in sign_in] == [("shigu-gateway", "POST /api/auth/token")]
