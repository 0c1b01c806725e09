"""A stand-in for a Meilisearch server, run as its own process by the end-to-end tests.

The failure being tested is the engine's process hanging or going away, so the tests need an engine
process they can stop and start again, without requiring a Meilisearch installation. This one speaks the
part of Meilisearch's HTTP API that `matching.search.meili` uses (indexes, settings, documents, tasks,
swap, search) and keeps its state in a JSON file in its data folder, written before a task is
acknowledged, so that a restart keeps the documents as Meilisearch's data folder would.

Simplifications: every task has succeeded by the time it is acknowledged; a query matches a document
when every query word occurs in one of its searchable attributes (lowercase, as a substring); filters are
evaluated for the expressions the adapter writes (=, IN, >=, <=, EXISTS, NOT, AND, OR, parentheses);
highlights are the plain values.

With `--master-key` it checks keys as Meilisearch does: `/keys` needs the master key, every other route
(except `/health`) a key whose actions and indexes allow it (the master key allows everything); a key's
value is the HMAC-SHA256 of its uid under the master key, as in Meilisearch. Every request is appended to
`<data>/requests.jsonl` with the key it carried (`master`, a key's uid, `none` or `invalid`), so a test
can read which key was used for what.

    python -m tests.e2e.meili_standin --port 7700 --data var/meili [--master-key KEY]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import math
import os
import re
import signal
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

Json = Any
Reply = tuple[int, Json]


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _error(status: int, code: str, message: str) -> Reply:
    return status, {"message": message, "code": code, "type": "invalid_request", "link": ""}


class Store:
    """Indexes and tasks, saved to `<data>/state.json` after every change."""

    def __init__(self, data: Path) -> None:
        self.path = data / "state.json"
        data.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        if self.path.exists():
            state = json.loads(self.path.read_text())
        else:
            state = {"indexes": {}, "tasks": {}, "next_task": 1}
        self.keys: dict[str, dict[str, Any]] = state.get("keys", {})
        self.indexes: dict[str, dict[str, Any]] = state["indexes"]
        self.tasks: dict[str, dict[str, Any]] = state["tasks"]
        self.next_task: int = state["next_task"]

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        state = {"indexes": self.indexes, "tasks": self.tasks, "next_task": self.next_task, "keys": self.keys}
        with tmp.open("w") as out:
            json.dump(state, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)

    def task(self, index_uid: str | None, kind: str, error: dict[str, str] | None = None) -> Reply:
        """Record a finished task (the change is already applied) and answer 202 with its summary."""
        uid = self.next_task
        self.next_task += 1
        now = _now()
        self.tasks[str(uid)] = {
            "uid": uid,
            "indexUid": index_uid,
            "status": "failed" if error else "succeeded",
            "type": kind,
            "error": error,
            "enqueuedAt": now,
            "startedAt": now,
            "finishedAt": now,
        }
        self.save()
        return 202, {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": kind, "enqueuedAt": now}

    def index(self, uid: str, primary_key: str | None = None) -> dict[str, Any]:
        now = _now()
        return self.indexes.setdefault(
            uid, {"primaryKey": primary_key, "createdAt": now, "updatedAt": now, "settings": {}, "documents": {}}
        )


# -- filters ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|>=|<=|!=|[=<>()\[\],]|[^\s()\[\],=<>!"]+)')


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read the filter at {text[pos:]!r}")
        out.append(match.group(1))
        pos = match.end()
    return out


Predicate = Callable[[dict[str, Any]], bool]


class _Filter:
    """Recursive descent over: or := and (OR and)*; and := unary (AND unary)*; unary := NOT unary |
    ( or ) | field op value | field IN [values] | field EXISTS."""

    def __init__(self, text: str) -> None:
        self.items = _tokens(text)
        self.pos = 0

    def parse(self) -> Predicate:
        predicate = self._or()
        if self.pos != len(self.items):
            raise ValueError(f"unexpected {self.items[self.pos]!r}")
        return predicate

    def _peek(self) -> str | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def _take(self, expected: str | None = None) -> str:
        item = self._peek()
        if item is None or (expected is not None and item != expected):
            raise ValueError(f"expected {expected or 'more'}, found {item!r}")
        self.pos += 1
        return item

    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._peek() == "OR":
            self._take()
            parts.append(self._and())
        return lambda doc: any(p(doc) for p in parts)

    def _and(self) -> Predicate:
        parts = [self._unary()]
        while self._peek() == "AND":
            self._take()
            parts.append(self._unary())
        return lambda doc: all(p(doc) for p in parts)

    def _unary(self) -> Predicate:
        if self._peek() == "NOT":
            self._take()
            inner = self._unary()
            return lambda doc: not inner(doc)
        if self._peek() == "(":
            self._take()
            inner = self._or()
            self._take(")")
            return inner
        field = self._take()
        op = self._take()
        if op == "EXISTS":
            return lambda doc: doc.get(field) is not None
        if op == "IN":
            self._take("[")
            values = [self._take()]
            while self._peek() == ",":
                self._take()
                values.append(self._take())
            self._take("]")
            return lambda doc: any(_equal(doc.get(field), v) for v in values)
        literal = self._take()
        if op == "=":
            return lambda doc: _equal(doc.get(field), literal)
        if op == "!=":
            return lambda doc: not _equal(doc.get(field), literal)
        if op in (">=", "<=", ">", "<"):
            bound = float(literal)
            compare: dict[str, Callable[[float], bool]] = {
                ">=": lambda x: x >= bound,
                "<=": lambda x: x <= bound,
                ">": lambda x: x > bound,
                "<": lambda x: x < bound,
            }
            check = compare[op]
            return lambda doc: any((n := _number(v)) is not None and check(n) for v in _values(doc.get(field)))
        raise ValueError(f"unknown operator {op!r}")


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _keyword(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _equal(value: Any, literal: str) -> bool:
    if literal.startswith('"'):
        wanted = re.sub(r"\\(.)", r"\1", literal[1:-1])
    else:
        wanted = literal
        try:
            number = float(literal)
        except ValueError:
            number = None
        if number is not None:
            return any(_number(v) == number for v in _values(value))
    return any(_keyword(v) == wanted for v in _values(value))


# -- search -------------------------------------------------------------------------------------------


def _search(index: dict[str, Any], body: dict[str, Any]) -> Reply:
    searchable: list[str] = index["settings"].get("searchableAttributes") or ["*"]
    words = str(body.get("q") or "").lower().split()
    any_word = body.get("matchingStrategy") == "frequency"
    try:
        keep = _Filter(str(body["filter"])).parse() if body.get("filter") else (lambda _doc: True)
    except ValueError as exc:
        return _error(400, "invalid_search_filter", str(exc))

    def text_of(doc: dict[str, Any]) -> str:
        fields = doc.keys() if searchable == ["*"] else searchable
        return " ".join(" ".join(str(v) for v in _values(doc.get(f))) for f in fields).lower()

    def matches(doc: dict[str, Any]) -> bool:
        if not words:
            return True
        text = text_of(doc)
        found = [w in text for w in words]
        return any(found) if any_word else all(found)

    docs = [d for d in index["documents"].values() if keep(d) and matches(d)]
    for sort in reversed(body.get("sort") or []):
        field, _, direction = str(sort).partition(":")
        present = [d for d in docs if _number(d.get(field)) is not None]
        absent = [d for d in docs if _number(d.get(field)) is None]
        present.sort(key=lambda d: _number(d.get(field)) or 0.0, reverse=direction == "desc")
        docs = present + absent
    facets: dict[str, dict[str, int]] = {}
    for name in body.get("facets") or []:
        counts: dict[str, int] = {}
        for doc in docs:
            for value in _values(doc.get(name)):
                counts[_keyword(value)] = counts.get(_keyword(value), 0) + 1
        facets[name] = counts
    per_page = max(1, int(body.get("hitsPerPage") or 20))
    page = max(1, int(body.get("page") or 1))
    shown = docs[(page - 1) * per_page : page * per_page]
    highlighted = body.get("attributesToHighlight") or []
    hits = []
    for doc in shown:
        hit = dict(doc)
        hit["_formatted"] = {a: doc[a] for a in highlighted if a in doc}
        hit["_rankingScore"] = 1.0
        hits.append(hit)
    return 200, {
        "hits": hits,
        "query": body.get("q") or "",
        "processingTimeMs": 0,
        "hitsPerPage": per_page,
        "page": page,
        "totalPages": math.ceil(len(docs) / per_page),
        "totalHits": len(docs),
        "facetDistribution": facets,
    }


# -- keys -------------------------------------------------------------------------------------------


def key_value(master: str, uid: str) -> str:
    return hmac.new(master.encode(), uid.encode(), hashlib.sha256).hexdigest()


def required(store: Store, method: str, parts: list[str], body: Json) -> tuple[str, list[str]] | None:
    """(action, indexes) a request needs; None for a public route."""
    if parts == ["health"]:
        return None
    if parts == ["version"]:
        return "version", []
    if parts[:1] == ["keys"]:
        return "keys", []
    if parts[:1] == ["tasks"]:
        task = store.tasks.get(parts[1]) if len(parts) > 1 else None
        return "tasks.get", [task["indexUid"]] if task and task.get("indexUid") else []
    if parts == ["indexes"]:
        return "indexes.create", [str((body or {}).get("uid"))]
    if parts == ["swap-indexes"]:
        return "indexes.swap", [str(i) for pair in body or [] for i in pair["indexes"]]
    if len(parts) >= 2 and parts[0] == "indexes":
        uid, rest = parts[1], parts[2:]
        action = {
            ("GET", ()): "indexes.get",
            ("DELETE", ()): "indexes.delete",
            ("PATCH", ("settings",)): "settings.update",
            ("POST", ("documents",)): "documents.add",
            ("DELETE", ("documents",)): "documents.delete",
            ("POST", ("documents", "delete")): "documents.delete",
            ("POST", ("documents", "fetch")): "documents.get",
            ("POST", ("search",)): "search",
        }.get((method, tuple(rest)), "unknown")
        return action, [uid]
    return "unknown", []


def authorise(store: Store, master: str | None, token: str | None, need: tuple[str, list[str]] | None) -> Reply | None:
    """None when the request may go on, else the error Meilisearch would answer."""
    if master is None or need is None:
        return None
    if token is None:
        return _error(401, "missing_authorization_header", "The Authorization header is missing.")
    if hmac.compare_digest(token, master):
        return None
    action, indexes = need
    key = next((k for k in store.keys.values() if hmac.compare_digest(k["key"], token)), None)
    allowed = (
        key is not None
        and action != "keys"
        and ("*" in key["actions"] or action in key["actions"])
        and ("*" in key["indexes"] or all(i in key["indexes"] for i in indexes))
    )
    if not allowed:
        return _error(403, "invalid_api_key", "The provided API key is invalid.")
    return None


def key_routes(store: Store, master: str, method: str, parts: list[str], body: Json) -> Reply:
    if parts == ["keys"] and method == "GET":
        keys = list(store.keys.values())
        return 200, {"results": keys, "offset": 0, "limit": len(keys), "total": len(keys)}
    if parts == ["keys"] and method == "POST":
        uid = str(body.get("uid") or uuid.uuid4())
        if uid in store.keys:
            return _error(409, "api_key_already_exists", f"`uid` field value `{uid}` is already an existing API key.")
        now = _now()
        store.keys[uid] = {
            "uid": uid,
            "key": key_value(master, uid),
            "name": body.get("name"),
            "description": body.get("description"),
            "actions": list(body["actions"]),
            "indexes": list(body["indexes"]),
            "expiresAt": body.get("expiresAt"),
            "createdAt": now,
            "updatedAt": now,
        }
        store.save()
        return 201, store.keys[uid]
    if len(parts) == 2 and method in ("GET", "DELETE"):
        key = store.keys.get(parts[1]) or next((k for k in store.keys.values() if k["key"] == parts[1]), None)
        if key is None:
            return _error(404, "api_key_not_found", f"API key `{parts[1]}` not found.")
        if method == "DELETE":
            del store.keys[key["uid"]]
            store.save()
            return 204, None
        return 200, key
    return _error(404, "not_found", f"{method} /{'/'.join(parts)} is not part of the stand-in")


# -- routes -------------------------------------------------------------------------------------------


def route(
    store: Store,
    method: str,
    path: str,
    query: dict[str, list[str]],
    body: Json,
    master: str | None = None,
    token: str | None = None,
) -> Reply:
    parts = [p for p in path.split("/") if p]
    with store.lock:
        refused = authorise(store, master, token, required(store, method, parts, body))
        if refused is not None:
            return refused
        if parts[:1] == ["keys"] and master is not None:
            return key_routes(store, master, method, parts, body)
        if parts == ["health"]:
            return 200, {"status": "available"}
        if parts == ["version"]:
            return 200, {"pkgVersion": "1.16.0", "commitSha": "stand-in", "commitDate": _now()}
        if len(parts) == 2 and parts[0] == "tasks" and method == "GET":
            task = store.tasks.get(parts[1])
            return (200, task) if task else _error(404, "task_not_found", f"Task `{parts[1]}` not found.")
        if parts == ["indexes"] and method == "POST":
            uid = str(body["uid"])
            if uid in store.indexes:
                error = {"message": f"Index `{uid}` already exists.", "code": "index_already_exists"}
                return store.task(uid, "indexCreation", error)
            store.index(uid, body.get("primaryKey"))
            return store.task(uid, "indexCreation")
        if parts == ["swap-indexes"] and method == "POST":
            for pair in body:
                first, second = pair["indexes"]
                a, b = store.indexes.get(first), store.indexes.get(second)
                if a is None or b is None:
                    missing = first if a is None else second
                    return store.task(None, "indexSwap", {"message": f"Index `{missing}` not found."})
                store.indexes[first], store.indexes[second] = b, a
            return store.task(None, "indexSwap")
        if not parts or parts[0] != "indexes" or len(parts) < 2:
            return _error(404, "not_found", f"{method} {path} is not part of the stand-in")
        uid, rest = parts[1], parts[2:]
        index = store.indexes.get(uid)
        if rest == [] and method == "GET":
            if index is None:
                return _error(404, "index_not_found", f"Index `{uid}` not found.")
            return 200, {"uid": uid, **{k: index[k] for k in ("primaryKey", "createdAt", "updatedAt")}}
        if rest == [] and method == "DELETE":
            if store.indexes.pop(uid, None) is None:
                return store.task(uid, "indexDeletion", {"message": f"Index `{uid}` not found."})
            return store.task(uid, "indexDeletion")
        if rest == ["settings"] and method == "PATCH":
            target = store.index(uid)
            target["settings"].update(body)
            return store.task(uid, "settingsUpdate")
        if rest == ["documents"] and method == "POST":
            target = store.index(uid, next(iter(query.get("primaryKey", [])), None))
            key = target["primaryKey"] or "id"
            for doc in body:
                target["documents"][str(doc[key])] = doc
            target["updatedAt"] = _now()
            return store.task(uid, "documentAdditionOrUpdate")
        if rest == ["documents"] and method == "DELETE":
            store.index(uid)["documents"].clear()
            return store.task(uid, "documentDeletion")
        if rest == ["documents", "delete"] and method == "POST":
            target = store.index(uid)
            try:
                gone = _Filter(str(body["filter"])).parse()
            except ValueError as exc:
                return store.task(uid, "documentDeletion", {"message": str(exc), "code": "invalid_document_filter"})
            target["documents"] = {k: d for k, d in target["documents"].items() if not gone(d)}
            return store.task(uid, "documentDeletion")
        if index is None:
            return _error(404, "index_not_found", f"Index `{uid}` not found.")
        if rest == ["documents", "fetch"] and method == "POST":
            docs = list(index["documents"].values())
            offset, limit = int(body.get("offset") or 0), int(body.get("limit") or 20)
            fields = body.get("fields")
            page = [{f: d[f] for f in fields if f in d} if fields else d for d in docs[offset : offset + limit]]
            return 200, {"results": page, "offset": offset, "limit": limit, "total": len(docs)}
        if rest == ["search"] and method == "POST":
            return _search(index, body or {})
        return _error(404, "not_found", f"{method} {path} is not part of the stand-in")


def make_server(port: int, data: Path, master_key: str | None = None) -> ThreadingHTTPServer:
    store = Store(data)
    requests_log = data / "requests.jsonl"
    log_lock = threading.Lock()

    def who(token: str | None) -> str:
        if token is None:
            return "none"
        if master_key is not None and hmac.compare_digest(token, master_key):
            return "master"
        with store.lock:
            return next((k["uid"] for k in store.keys.values() if hmac.compare_digest(k["key"], token)), "invalid")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            header = self.headers.get("authorization") or ""
            token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
            status, payload = route(
                store,
                self.command,
                url.path,
                parse_qs(url.query),
                json.loads(raw) if raw else None,
                master_key,
                token,
            )
            with log_lock, requests_log.open("a") as out:
                entry = {"method": self.command, "path": url.path, "auth": who(token), "status": status}
                out.write(json.dumps(entry) + "\n")
            data = b"" if status == 204 else json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


def serve(port: int, data: Path, master_key: str | None = None) -> None:
    server = make_server(port, data, master_key)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: threading.Thread(target=server.shutdown).start())
    print(f"meili stand-in listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()
    server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--master-key", default=None, help="check keys as Meilisearch does (default: no auth)")
    args = parser.parse_args()
    serve(args.port, args.data, args.master_key)


if __name__ == "__main__":
    main()
