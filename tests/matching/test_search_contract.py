"""The search contract: both adapters must pass it. Meilisearch runs only when MEILI_URL is set."""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from matching.search import analysis
from matching.search.embedded import EmbeddedBackend
from matching.search.filters import And, Eq, Filter, In, Not, Or, Range, matches
from matching.search.port import SearchBackend, SearchError, SearchRequest, effective_filter, keyword_value
from matching.search.schema import SCHEMA
from tests.matching.search_corpus import CORPUS

MEILI_URL = os.environ.get("MEILI_URL", "")


def _make(kind: str) -> SearchBackend:
    if kind == "embedded":
        return EmbeddedBackend(SCHEMA, None)
    if not MEILI_URL:
        pytest.skip("Meilisearch contract run needs MEILI_URL (the one allowed skip)")
    from matching.search.meili import MeiliBackend

    uid = f"contract_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    # With a master key, the adapter makes its two scoped keys for this index and uses only those.
    return MeiliBackend(SCHEMA, MEILI_URL, os.environ.get("MEILI_MASTER_KEY") or None, index_uid=uid)


@pytest.fixture(scope="module", params=["embedded", "meilisearch"])
def engine(request: pytest.FixtureRequest) -> Iterator[SearchBackend]:
    backend = _make(request.param)
    backend.ensure()
    backend.upsert(CORPUS)
    backend.flush()
    yield backend
    if request.param == "meilisearch":
        from matching.search.meili import MeiliBackend

        assert isinstance(backend, MeiliBackend)
        backend.client.delete_index(backend.uid)  # the write key may: it is limited to this index
        if os.environ.get("MEILI_MASTER_KEY"):
            import meilisearch

            from matching.search.meili_keys import specs

            admin = meilisearch.Client(MEILI_URL, os.environ["MEILI_MASTER_KEY"])
            for spec in specs(backend.uid):
                admin.delete_key(spec.uid)
    backend.close()


@pytest.fixture
def scratch(request: pytest.FixtureRequest, engine: SearchBackend) -> Iterator[SearchBackend]:
    """The module's backend, with any scratch documents removed afterwards."""
    yield engine
    engine.delete([d["id"] for d in _scratch_docs()])
    engine.upsert(CORPUS)
    engine.flush()


def _scratch_docs() -> list[dict[str, Any]]:
    return [
        {
            "id": f"s{i}",
            "kind": "provider",
            "title": f"临时文档{i} zebrafish",
            "summary": "",
            "visibility": "public",
            "readers": [],
            "_digest": f"s{i}",
        }
        for i in range(3)
    ]


def ids(backend: SearchBackend, q: str = "", f: Filter | None = None, **kw: Any) -> set[str]:
    result = backend.search(SearchRequest(q=q, filter=f, hits_per_page=100, **kw))
    return {h.id for h in result.hits}


def brute(q: str, f: Filter | None, audience: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    groups = analysis.parse_query(q)
    flt = effective_filter(SearchRequest(filter=f, audience=audience))
    out = []
    for doc in CORPUS:
        fields = []
        for attr in SCHEMA.searchable:
            value = doc.get(attr)
            text = " ".join(value) if isinstance(value, list) else str(value or "")
            fields.append(analysis.index_tokens(text))
        if analysis.text_matches(groups, fields, "last") and matches(doc, flt):
            out.append(doc)
    return out


# -- Chinese, mixed script, Latin typos -----------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("医学影像", {"p3", "r2"}),
        ("揭榜挂帅", {"c1"}),
        ("质检", {"p1", "d1"}),
        ("跌倒检测", {"d5"}),
        ("芯片", {"p4"}),
    ],
)
def test_chinese_whole_words(engine: SearchBackend, q: str, expected: set[str]) -> None:
    assert expected <= ids(engine, q)


def test_word_inside_a_longer_word_is_found(engine: SearchBackend) -> None:
    assert {"p1", "r1", "c1"} <= ids(engine, "视觉")


def test_mixed_script_query(engine: SearchBackend) -> None:
    result = engine.search(SearchRequest(q="AI质检"))
    assert result.hits[0].id in {"p1", "d1"}
    assert {"p1", "d1"} <= {h.id for h in result.hits[:3]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("camera", {"p2", "d5"}),
        ("cemera", {"p2", "d5"}),  # 6 letters, one typo
        ("lidor", {"p4", "d4"}),  # exactly 5 letters, one typo
        ("inspectoin", {"r1"}),  # transposition counts once
        ("insprctoin", {"r1"}),  # 10 letters, two typos
        ("detectoin", {"d5"}),  # 9 letters
        ("metavrese", {"p5"}),  # 9 letters, two typos
    ],
)
def test_latin_typos_within_budget(engine: SearchBackend, q: str, expected: set[str]) -> None:
    assert expected <= ids(engine, q)


@pytest.mark.parametrize("q", ["yolp", "yola", "infrrrd", "thermmal2x", "inferrad"])
def test_latin_typos_beyond_budget(engine: SearchBackend, q: str) -> None:
    assert ids(engine, q) == set()


def test_short_word_exact_still_matches(engine: SearchBackend) -> None:
    assert ids(engine, "yolo") == {"r4"}


# -- synonyms, both ways ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("AI", {"d3"}),  # d3 says only 人工智能
        ("人工智能", {"r2", "c2"}),  # these say only AI
        ("机器视觉", {"p1", "c1"}),  # 工业视觉
        ("工业视觉", {"r1"}),  # 机器视觉
        ("无人驾驶", {"d4"}),
        ("自动驾驶", {"d4"}),
        ("首台套", {"r1"}),  # written 首台（套）
    ],
)
def test_synonyms_both_ways(engine: SearchBackend, q: str, expected: set[str]) -> None:
    assert expected <= ids(engine, q)


# -- filters ---------------------------------------------------------------------------------------

FILTERS: list[Filter] = [
    Eq("kind", "demand"),
    Eq("district", "滨江区"),
    In("district", ("滨江区", "余杭区")),
    Eq("end_tags", "工业视觉"),
    Eq("qualification_labels", "高新技术企业"),
    Eq("recognition_schemes", "首台套"),
    Eq("status", "open"),
    Eq("verified", True),
    Eq("category", "首版次"),
    Range("budget_max", gte=100),
    Range("budget_max", lte=80),
    Range("budget_min", gte=20, lte=100),
    Range("deadline", gte=1_800_000_000),
    Not(Eq("kind", "provider")),
    Or((Eq("district", "钱塘区"), Eq("end_tags", "自动驾驶"))),
    And((Eq("kind", "demand"), Not(In("scenario_domain", ("工业", "医疗"))))),
    Eq("district", '滨江"区\\'),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[:60])
def test_filter_equals_brute_force(engine: SearchBackend, flt: Filter) -> None:
    assert ids(engine, "", flt) == {d["id"] for d in brute("", flt)}


def test_filter_with_query(engine: SearchBackend) -> None:
    flt = Eq("kind", "demand")
    assert ids(engine, "检测", flt) == {d["id"] for d in brute("检测", flt)} == {"d1", "d5"}


def test_unknown_filter_field_is_refused(engine: SearchBackend) -> None:
    with pytest.raises((SearchError, ValueError)):
        engine.search(SearchRequest(filter=Eq("secret", "x")))


# -- facets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "flt"), [("", None), ("视觉", None), ("", Eq("kind", "demand")), ("AI", Range("budget_max", gte=50))]
)
def test_facet_counts_equal_brute_force(engine: SearchBackend, q: str, flt: Filter | None) -> None:
    names = ("kind", "district", "end_tags", "qualification_labels", "recognition_schemes", "status", "verified")
    result = engine.search(SearchRequest(q=q, filter=flt, facets=names))
    docs = brute(q, flt)
    assert result.total == len(docs)
    for name in names:
        counts: Counter[str] = Counter()
        for doc in docs:
            value = doc.get(name)
            for v in value if isinstance(value, list) else ([] if value is None else [value]):
                counts[keyword_value(v)] += 1
        assert result.facets[name] == dict(counts), name


# -- highlight, pagination, sort -------------------------------------------------------------------


def test_highlight_wraps_matched_words(engine: SearchBackend) -> None:
    # What the contract promises is that matched words are wrapped, not how an engine segments them:
    # Meilisearch 1.50 wraps 医学 and 影像 apart, tantivy with jieba 医学影像 whole.
    hit = next(h for h in engine.search(SearchRequest(q="医学影像")).hits if h.id == "r2")
    spans = re.findall(r"<em>(.*?)</em>", hit.highlight["title"])
    assert spans, hit.highlight["title"]
    assert all(span and span in "医学影像" for span in spans), spans


def test_highlight_marks_synonyms(engine: SearchBackend) -> None:
    hit = next(h for h in engine.search(SearchRequest(q="人工智能", hits_per_page=50)).hits if h.id == "c2")
    assert "<em>AI</em>" in hit.highlight["summary"]


def test_pagination_is_disjoint_and_complete(engine: SearchBackend) -> None:
    total = engine.search(SearchRequest(hits_per_page=1)).total
    seen: list[str] = []
    for page in range(1, total // 4 + 2):
        seen.extend(h.id for h in engine.search(SearchRequest(page=page, hits_per_page=4)).hits)
    assert len(seen) == len(set(seen)) == total
    assert engine.search(SearchRequest(page=100, hits_per_page=4)).hits == []


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sort_by_budget(engine: SearchBackend, direction: str) -> None:
    flt = Eq("kind", "demand")
    result = engine.search(SearchRequest(filter=flt, sort=("budget_max", direction), hits_per_page=50))  # type: ignore[arg-type]
    budgets = [h.document["budget_max"] for h in result.hits]
    assert budgets == sorted(budgets, reverse=direction == "desc")


def test_empty_query_returns_every_public_document(engine: SearchBackend) -> None:
    public = [d for d in CORPUS if d["visibility"] == "public"]
    assert engine.search(SearchRequest()).total == len(public)


def test_last_word_strategy_keeps_first_word_matches(engine: SearchBackend) -> None:
    assert {"d1", "d5"} <= ids(engine, "检测 不存在的词汇")


# -- restricted documents --------------------------------------------------------------------------


def test_restricted_documents_are_hidden(engine: SearchBackend) -> None:
    assert "x1" not in ids(engine, "secretword")
    assert "x1" not in ids(engine, "", Eq("status", "pending_review"))


def test_restricted_documents_show_to_their_readers(engine: SearchBackend) -> None:
    assert ids(engine, "secretword", audience=frozenset({"org-ent1"})) == {"x1"}
    assert ids(engine, "secretword", audience=frozenset({"org-other"})) == set()


# -- writes ----------------------------------------------------------------------------------------


def test_read_your_writes_after_flush(scratch: SearchBackend) -> None:
    scratch.upsert(_scratch_docs()[:1])
    scratch.flush()
    assert ids(scratch, "zebrafish") == {"s0"}


def test_upsert_is_idempotent(scratch: SearchBackend) -> None:
    docs = _scratch_docs()
    scratch.upsert(docs)
    scratch.upsert(docs)
    scratch.flush()
    assert ids(scratch, "zebrafish") == {"s0", "s1", "s2"}
    assert scratch.search(SearchRequest(q="zebrafish")).total == 3


def test_upsert_replaces_content(scratch: SearchBackend) -> None:
    scratch.upsert(_scratch_docs()[:1])
    scratch.flush()
    scratch.upsert([{**_scratch_docs()[0], "title": "改名后的文档 platypus"}])
    scratch.flush()
    assert ids(scratch, "zebrafish") == set()
    assert ids(scratch, "platypus") == {"s0"}


def test_delete_is_idempotent(scratch: SearchBackend) -> None:
    scratch.upsert(_scratch_docs())
    scratch.flush()
    scratch.delete(["s1", "does-not-exist"])
    scratch.delete(["s1"])
    scratch.flush()
    assert ids(scratch, "zebrafish") == {"s0", "s2"}


def test_digests_list_every_document(engine: SearchBackend) -> None:
    assert engine.digests() == {d["id"]: d["_digest"] for d in CORPUS}


def test_reindex_replaces_everything(scratch: SearchBackend) -> None:
    scratch.upsert(_scratch_docs())
    scratch.flush()
    assert scratch.reindex(iter(CORPUS[:3])) == 3
    assert ids(scratch) == {"p1", "p2", "p3"}


# -- suggestions while typing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "doc_id"),
    [("杭州澄光", "p1"), ("揭榜挂帅", "c1"), ("YOLO", "r4"), ("yolo", "r4"), ("医学影像云", "r2")],
)
def test_a_title_prefix_suggests_that_title(engine: SearchBackend, prefix: str, doc_id: str) -> None:
    title = next(d["title"] for d in CORPUS if d["id"] == doc_id)
    found = [(s.text, s.field, s.id) for s in engine.suggest(prefix, 8)]
    assert (title, "title", doc_id) in found


def test_suggestions_contain_the_prefix(engine: SearchBackend) -> None:
    found = engine.suggest("杭州", 20)
    assert found
    assert all("杭州" in s.text for s in found)


def test_tags_are_suggested_once(engine: SearchBackend) -> None:
    tags = [s.text for s in engine.suggest("医学影像", 20) if s.field == "tag"]
    assert tags == ["医学影像"]


def test_a_name_that_is_a_title_is_suggested_once(scratch: SearchBackend) -> None:
    doc = {
        **_scratch_docs()[0],
        "title": "斑马鱼视觉有限公司",
        "org_name": "斑马鱼视觉有限公司",
        "capability_tags": ["斑马鱼"],
    }
    scratch.upsert([doc])
    scratch.flush()
    found = [(s.text, s.field) for s in scratch.suggest("斑马鱼", 8)]
    assert found == [("斑马鱼视觉有限公司", "title"), ("斑马鱼", "tag")]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_suggestion_limit_is_respected(engine: SearchBackend, limit: int) -> None:
    assert len(engine.suggest("杭州", limit)) == limit


@pytest.mark.parametrize("prefix", ["zzqqxx", "   ", "鲲鹏"])
def test_no_match_suggests_nothing(engine: SearchBackend, prefix: str) -> None:
    assert engine.suggest(prefix, 8) == []


def test_restricted_titles_are_suggested_only_to_their_readers(engine: SearchBackend) -> None:
    restricted = next(d for d in CORPUS if d["visibility"] != "public")
    assert all(s.id != restricted["id"] for s in engine.suggest(restricted["title"], 8))
    readers = frozenset(restricted["readers"])
    assert restricted["id"] in {s.id for s in engine.suggest(restricted["title"], 8, readers)}
