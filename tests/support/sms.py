"""A local stand-in for Aliyun's SMS endpoint that recomputes the RPC signature as Aliyun documents it
(signature version 1.0) and refuses a request whose signature does not match or whose nonce repeats."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.upstream import serve

SECRET = "testsecret/+=&"


def documented_signature(form: dict[str, str], secret: str, method: str) -> str:
    """Written from Aliyun's description, apart from the adapter: urlencode's quoting, then `+` → %20,
    `*` → %2A, %7E → ~."""

    def enc(value: str) -> str:
        return (
            urllib.parse.quote_plus(value, encoding="utf-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")
        )

    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(form.items()) if k != "Signature")
    string_to_sign = method + "&" + enc("/") + "&" + enc(canonical)
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


class Provider:
    """What the endpoint received, signed with SECRET."""

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.nonces: set[str] = set()

    async def endpoint(self, request: Request) -> JSONResponse:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.received.append(form)
        if form.get("Signature") != documented_signature(form, SECRET, request.method):
            return JSONResponse({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"}, 400)
        if form["SignatureNonce"] in self.nonces:
            return JSONResponse({"Code": "SignatureNonceUsed", "Message": "nonce used"}, 400)
        self.nonces.add(form["SignatureNonce"])
        return JSONResponse({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5"})


@contextmanager
def aliyun_sms() -> Iterator[tuple[Provider, str]]:
    """The stand-in served on a local port, and its endpoint URL (the adapter's `aliyun_endpoint`)."""
    provider = Provider()
    with serve(Starlette(routes=[Route("/", provider.endpoint, methods=["POST"])])) as url:
        yield provider, url + "/"
