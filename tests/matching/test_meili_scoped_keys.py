"""The Meilisearch master key makes the scoped keys at start-up and is never sent again: the Meilisearch
stand-in (tests/e2e/meili_standin.py, here in a thread) checks every request's key against its actions and
indexes as Meilisearch does and logs which key each request carried."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import meilisearch
import pytest

from matching.config import Settings
from matching.search import meili_keys
from matching.search.factory import make_backend
from matching.search.meili import MeiliBackend
from matching.search.port import SearchError, SearchRequest
from tests.e2e.meili_standin import make_server

MASTER = "master-key-of-the-test-engine-0123456789"


@dataclass
class Engine:
    url: str
    data: Path

    def requests(self) -> list[dict[str, Any]]:
        path = self.data / "requests.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    def admin(self) -> meilisearch.Client:
        return meilisearch.Client(self.url, MASTER)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    server = make_server(0, tmp_path / "meili", MASTER)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Engine(f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "meili")
    finally:
        server.shutdown()
        server.server_close()


def _backend(engine: Engine, **settings: Any) -> MeiliBackend:
    backend = make_backend(
        Settings(search_backend="meilisearch", meili_url=engine.url, meili_index="shigu", **settings)
    )
    assert isinstance(backend, MeiliBackend)
    return backend


def _exercise(backend: MeiliBackend) -> None:
    """Every operation the adapter has: settings, writes, a rebuild with its swap, reads, deletes."""
    backend.ensure()
    backend.upsert([{"id": "d1", "kind": "demand", "title": "医学影像 质检", "status": "open"}])
    backend.flush()
    assert backend.search(SearchRequest(q="质检")).total >= 0
    backend.suggest("医学", 5)
    assert "d1" in backend.digests()
    assert backend.reindex(iter([{"id": "d2", "kind": "demand", "title": "工业视觉"}])) == 1
    backend.delete(["d2"])
    backend.flush()
    backend.ping()


def test_the_master_key_only_makes_the_scoped_keys_then_every_request_uses_them(engine: Engine) -> None:
    backend = _backend(engine, meili_master_key=MASTER)
    _exercise(backend)

    log = engine.requests()
    search_spec, write_spec = meili_keys.specs("shigu")
    with_master = [r for r in log if r["auth"] == "master"]
    assert with_master, "the keys were made with the master key"
    assert all(r["path"].startswith("/keys") for r in with_master), with_master
    first_other = next(i for i, r in enumerate(log) if not r["path"].startswith("/keys"))
    assert all(r["auth"] != "master" for r in log[first_other:]), "the master key was sent after start-up"
    assert not [r for r in log if r["status"] in (401, 403)], "a scoped key lacked a permission the adapter needs"
    searches = [r for r in log if r["path"].endswith("/search")]
    assert searches
    assert {r["auth"] for r in searches} == {search_spec.uid}
    writes = [r for r in log if not r["path"].endswith("/search") and r["path"] not in ("/health",)]
    assert {r["auth"] for r in writes if not r["path"].startswith("/keys")} == {write_spec.uid}
    # The backend no longer holds the master key anywhere.
    assert backend.reader.config.api_key != MASTER
    assert backend.client.config.api_key != MASTER
    assert MASTER not in repr(vars(backend))


def test_the_keys_are_scoped_to_the_index_and_their_actions(engine: Engine) -> None:
    _backend(engine, meili_master_key=MASTER).ensure()
    admin = engine.admin()
    search_spec, write_spec = meili_keys.specs("shigu")
    search = admin.get_key(search_spec.uid)
    write = admin.get_key(write_spec.uid)
    assert (search.actions, search.indexes) == (["search"], ["shigu"])
    assert set(write.indexes) == {"shigu", "shigu_rebuild"}
    assert not {"search", "*", "keys.*", "keys.create"} & set(write.actions)
    # The search key cannot write, and neither key reaches another index or manages keys.
    with pytest.raises(meilisearch.errors.MeilisearchApiError, match="API key is invalid"):
        meilisearch.Client(engine.url, search.key).index("shigu").add_documents([{"id": "x"}])
    with pytest.raises(meilisearch.errors.MeilisearchApiError, match="API key is invalid"):
        meilisearch.Client(engine.url, write.key).index("other").add_documents([{"id": "x"}])
    with pytest.raises(meilisearch.errors.MeilisearchApiError, match="API key is invalid"):
        meilisearch.Client(engine.url, write.key).get_keys()


def test_replicas_find_the_same_keys_instead_of_adding_more(engine: Engine) -> None:
    for _ in range(3):
        _backend(engine, meili_master_key=MASTER).ensure()
    keys = engine.admin().get_keys().results
    assert sorted(k.uid for k in keys) == sorted(s.uid for s in meili_keys.specs("shigu"))


def test_scoped_keys_given_by_the_operator_need_no_master_key(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    from matching.search.__main__ import main

    with pytest.MonkeyPatch.context() as env:
        env.setenv("MATCHING_SEARCH_BACKEND", "meilisearch")
        env.setenv("MEILI_URL", engine.url)
        env.setenv("MEILI_MASTER_KEY", MASTER)
        assert main(["keys"]) == 0
    printed = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    before = len(engine.requests())
    backend = _backend(
        engine,
        meili_search_key=printed["MATCHING_MEILI_SEARCH_KEY"],
        meili_write_key=printed["MATCHING_MEILI_WRITE_KEY"],
    )
    _exercise(backend)
    assert {r["auth"] for r in engine.requests()[before:]} <= {s.uid for s in meili_keys.specs("shigu")}


def test_keys_written_to_files_reach_matching_without_the_master_key(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deployments' one-shot step: the master key makes the keys into files, and matching, started with
    only the files (kit.secretfiles), sends nothing but the scoped keys."""
    from matching.search.__main__ import main

    out = tmp_path / "meili-keys"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MATCHING_SEARCH_BACKEND", "meilisearch")
        env.setenv("MEILI_URL", engine.url)
        env.setenv("MEILI_MASTER_KEY", MASTER)
        assert main(["keys", "--out", str(out)]) == 0
    search_spec, write_spec = meili_keys.specs("shigu")
    admin = engine.admin()
    assert (out / "search_key").read_text() == admin.get_key(search_spec.uid).key + "\n"
    assert (out / "write_key").read_text() == admin.get_key(write_spec.uid).key + "\n"
    assert (out / "search_key").stat().st_mode & 0o077 == 0
    for name in ("MEILI_MASTER_KEY", "MATCHING_MEILI_MASTER_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MATCHING_MEILI_SEARCH_KEY_FILE", str(out / "search_key"))
    monkeypatch.setenv("MATCHING_MEILI_WRITE_KEY_FILE", str(out / "write_key"))
    before = len(engine.requests())
    backend = make_backend(Settings(search_backend="meilisearch", meili_url=engine.url, meili_index="shigu"))
    assert isinstance(backend, MeiliBackend)
    _exercise(backend)
    used = {r["auth"] for r in engine.requests()[before:]}
    assert used == {search_spec.uid, write_spec.uid}


def test_keys_prune_deletes_the_keys_of_an_earlier_scope(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    from matching.search.__main__ import main

    admin = engine.admin()
    old = meili_keys.KeySpec("write", "shigu", ("documents.add",), ("shigu",))
    admin.create_key(old.body())
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MATCHING_SEARCH_BACKEND", "meilisearch")
        env.setenv("MEILI_URL", engine.url)
        env.setenv("MEILI_MASTER_KEY", MASTER)
        assert main(["keys", "--prune"]) == 0
    assert old.uid in capsys.readouterr().err
    assert sorted(k.uid for k in admin.get_keys().results) == sorted(s.uid for s in meili_keys.specs("shigu"))


def test_a_wrong_master_key_is_a_clear_error_not_a_half_connected_backend(engine: Engine) -> None:
    backend = _backend(engine, meili_master_key="not-the-master-key")
    with pytest.raises(SearchError, match="refused"):
        backend.search(SearchRequest(q="x"))


def test_the_master_key_and_scoped_keys_together_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        make_backend(
            Settings(
                search_backend="meilisearch",
                meili_url="http://127.0.0.1:9",
                meili_master_key=MASTER,
                meili_search_key="s",
                meili_write_key="w",
            )
        )
    with pytest.raises(ValueError, match="go together"):
        make_backend(Settings(search_backend="meilisearch", meili_url="http://127.0.0.1:9", meili_search_key="s"))
