from __future__ import annotations

from fastapi.testclient import TestClient

from matching.app import create_app
from matching.config import Settings
from tests.matching.conftest import As
from tests.matching.factories import challenge_event


def send(client: TestClient, as_: As, event: dict[str, object]) -> bool:
    r = client.post("/internal/events", json=event, headers=as_.service())
    assert r.status_code == 200, r.text
    return bool(r.json()["applied"])


def test_events_need_a_service_token(client: TestClient, as_: As) -> None:
    event = challenge_event("c-1", 1)
    assert client.post("/internal/events", json=event).status_code == 401
    assert client.post("/internal/events", json=event, headers=as_("admin")).status_code == 401


def test_published_challenge_is_projected_and_searchable(client: TestClient, as_: As) -> None:
    assert send(client, as_, challenge_event("c-1", 1)) is True
    challenge = client.get("/challenges/c-1").json()
    assert challenge["status"] == "open"
    assert challenge["reward_amount"] == 500
    hits = client.get("/search", params={"q": "视频大模型", "kind": "challenge"}).json()["hits"]
    assert [h["id"] for h in hits] == ["c-1"]
    assert hits[0]["budget_max"] == 500  # 万元
    assert "<em>" in hits[0]["highlight"]["title"]


def test_replayed_event_changes_nothing(client: TestClient, as_: As) -> None:
    event = challenge_event("c-1", 1)
    assert send(client, as_, event) is True
    before = client.get("/challenges/c-1").json()
    event["challenge"]["title"] = "改了标题的同一事件"
    assert send(client, as_, event) is False
    assert client.get("/challenges/c-1").json() == before


def test_older_version_never_overwrites_newer(client: TestClient, as_: As) -> None:
    assert send(client, as_, challenge_event("c-1", 1)) is True
    assert send(client, as_, challenge_event("c-1", 3, status="qualification", type_="challenge.closed")) is True
    assert send(client, as_, challenge_event("c-1", 2, type_="challenge.amended", title="旧的修订")) is False
    challenge = client.get("/challenges/c-1").json()
    assert challenge["status"] == "qualification"
    assert challenge["version"] == 3
    hits = client.get("/search", params={"kind": "challenge"}).json()
    assert hits["total"] == 1
    assert hits["facets"]["status"] == {"qualification": 1}


def test_award_carries_winners(client: TestClient, as_: As) -> None:
    send(client, as_, challenge_event("c-1", 1))
    send(
        client,
        as_,
        challenge_event(
            "c-1",
            9,
            status="awarded",
            type_="challenge.awarded",
            winners=[{"org_id": "w1", "org_name": "杭州澄光视觉科技有限公司"}],
        ),
    )
    assert client.get("/challenges/c-1").json()["winners"] == [{"org_id": "w1", "org_name": "杭州澄光视觉科技有限公司"}]


def test_mismatched_ids_are_refused(client: TestClient, as_: As) -> None:
    event = challenge_event("c-1", 1)
    event["challenge_id"] = "c-2"
    assert client.post("/internal/events", json=event, headers=as_.service()).status_code == 422


def test_restart_shows_every_published_challenge_exactly_once(
    client: TestClient, as_: As, settings: Settings, clock: object, tmp_path: object
) -> None:
    """Events land while the index is behind; after a restart with a fresh index, reconcile repairs it."""
    from pathlib import Path

    from kit.clock import ManualClock
    from matching.search.maintenance import reconcile

    index_dir = Path(str(tmp_path)) / "index"
    disk = settings.model_copy(update={"index_dir": index_dir})
    assert isinstance(clock, ManualClock)
    first = create_app(disk, clock)
    with TestClient(first) as c1:
        for i in range(5):
            send(c1, as_, challenge_event(f"c-{i}", 1))
            send(c1, as_, challenge_event(f"c-{i}", 1))
        send(c1, as_, challenge_event("c-0", 2, type_="challenge.amended", title="修订后的揭榜任务"))
    second = create_app(disk, clock)
    with TestClient(second) as c2:
        result = c2.get("/search", params={"kind": "challenge", "hits_per_page": 50}).json()
        assert sorted(h["id"] for h in result["hits"]) == [f"c-{i}" for i in range(5)]
        assert result["total"] == 5
        second.state.search.clear()
        assert c2.get("/search", params={"kind": "challenge"}).json()["total"] == 0
        report = reconcile(second.state.sessionmaker, second.state.search, clock)
        assert report.added == 5
        assert report.removed == 0
        result = c2.get("/search", params={"kind": "challenge", "hits_per_page": 50}).json()
        assert result["total"] == 5
        assert sum(1 for h in result["hits"] if h["title"] == "修订后的揭榜任务") == 1


def test_events_outside_the_columns_are_refused_not_crashed(client: TestClient, as_: As) -> None:
    too_long = challenge_event("c" * 37, 1)
    assert client.post("/internal/events", json=too_long, headers=as_.service()).status_code == 422
    huge_version = challenge_event("c-1", 2**31)
    assert client.post("/internal/events", json=huge_version, headers=as_.service()).status_code == 422
    no_utc = challenge_event("c-2", 1, application_deadline="0001-01-01T00:00:00+08:00")
    assert client.post("/internal/events", json=no_utc, headers=as_.service()).status_code == 422
    rich = challenge_event("c-3", 1, reward_amount=10**15)
    assert client.post("/internal/events", json=rich, headers=as_.service()).status_code == 422
