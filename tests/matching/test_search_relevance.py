"""Ranking of the embedded engine: a multi-word synonym or a split word matches as a phrase, and words found
side by side rank above words scattered over a document (bench/search_relevance.py measures the effect)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tantivy

from matching.search import analysis
from matching.search.embedded import EmbeddedBackend
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from tests.matching.search_corpus import _doc

DOCS: list[dict[str, Any]] = [
    _doc("robot", "provider", "杭州仿生灵动机器人有限公司", "四足仿生机器人与视觉导航，电力和管廊巡检机器人。"),
    _doc("lens", "provider", "杭州拱宸光学科技有限公司", "工业镜头与光学模组，高分辨率机器视觉光源。"),
    _doc("vision", "provider", "杭州澄光科技有限公司", "缺陷检测与AI质检", end_tags=["工业视觉"]),
    _doc("scattered", "provider", "工业互联网平台", "产线数据采集，另有视觉算法团队"),
]


@pytest.fixture(scope="module")
def backend() -> EmbeddedBackend:
    engine = EmbeddedBackend(SCHEMA)
    engine.reindex(DOCS)
    return engine


def ranked(backend: EmbeddedBackend, q: str) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(q=q, hits_per_page=20)).hits]


def test_a_synonym_matches_as_a_phrase_not_word_by_word(backend: EmbeddedBackend) -> None:
    # 工业视觉 ~ 机器视觉: the robot company says 机器(人) and 视觉, but never 机器视觉.
    found = ranked(backend, "工业视觉")
    assert "robot" not in found
    assert {"lens", "vision"} <= set(found)


def test_the_ranking_as_it_was_let_the_synonyms_words_match_apart() -> None:
    engine = EmbeddedBackend(SCHEMA, phrases=False)
    engine.reindex(DOCS)
    assert "robot" in ranked(engine, "工业视觉")


def test_words_side_by_side_rank_above_the_same_words_apart(backend: EmbeddedBackend) -> None:
    found = ranked(backend, "工业视觉")
    assert found.index("vision") < found.index("scattered")


def test_typed_words_still_match_apart(backend: EmbeddedBackend) -> None:
    assert "scattered" in ranked(backend, "工业 视觉")


def test_subscriptions_match_phrases_as_the_engine_does() -> None:
    groups = analysis.parse_query("工业视觉")
    apart = [analysis.index_tokens("四足仿生机器人与视觉导航")]
    together = [analysis.index_tokens("高分辨率机器视觉光源")]
    assert not analysis.text_matches(groups, apart)
    assert analysis.text_matches(groups, together)


def test_an_index_of_an_older_schema_starts_afresh(tmp_path: Path) -> None:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=False, tokenizer_name="raw", fast=True)
    old = tantivy.Index(sb.build(), path=str(tmp_path))
    writer = old.writer(heap_size=15_000_000, num_threads=1)
    writer.commit()
    writer.wait_merging_threads()
    engine = EmbeddedBackend(SCHEMA, tmp_path)
    assert engine.digests() == {}
    engine.upsert(DOCS)
    engine.flush()
    assert "vision" in ranked(engine, "工业视觉")
    engine.close()
