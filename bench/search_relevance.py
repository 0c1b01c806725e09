"""Search relevance on labelled queries (bench/data/search_judgements.csv), on the embedded engine.

    uv run python -m bench.search_relevance

Seeds the demo data into a temporary database, indexes it twice in memory — with the ranking as it was
(a multi-word synonym or a split word matches when its words appear anywhere) and with the current one
(they match as a phrase, in one attribute, as in Meilisearch) — and runs every judged query restricted to
its judged kind, the way the search page's type tabs do. Reports precision@5 (relevant = grade >= 2) and
nDCG@10 (graded, unjudged = 0) per ranking, and the queries whose nDCG@10 changed.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.matching_ranking import ndcg_at, precision_at
from demo.accounts import demo_id
from kit.clock import ManualClock
from kit.db import make_engine, make_sessionmaker
from matching.config import Settings
from matching.search.documents import all_documents, doc_id
from matching.search.embedded import EmbeddedBackend
from matching.search.filters import Eq
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from matching.seed import provider_id, run

JUDGEMENTS = Path(__file__).parent / "data" / "search_judgements.csv"
Query = tuple[str, str]  # the text and the kind it is judged in


def item_id(kind: str, item: str) -> str:
    """The index id of a seed item: a provider by its key, a product by its name, a demand by its code."""
    entity = {"provider": provider_id(item), "product": demo_id(f"product:{item}"), "demand": demo_id(f"demand:{item}")}
    return doc_id(kind, entity[kind])


def load() -> dict[Query, dict[str, int]]:
    out: dict[Query, dict[str, int]] = defaultdict(dict)
    with JUDGEMENTS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["query"], row["kind"])][item_id(row["kind"], row["item"])] = int(row["grade"])
    return out


def main() -> int:
    judgements = load()
    work = Path(tempfile.mkdtemp(prefix="search-relevance-"))
    clock = ManualClock()
    settings = Settings(database_url=f"sqlite:///{work / 'm.db'}", index_dir=Path("memory"))
    run(settings, clock, progress=False)
    with make_sessionmaker(make_engine(settings.database_url))() as session:
        documents = list(all_documents(session, clock.now().date()))
    known = {d["id"] for d in documents}
    missing = [i for grades in judgements.values() for i in grades if i not in known]
    assert not missing, f"judged items not in the seed data: {missing}"
    rankings = {"as it was": EmbeddedBackend(SCHEMA, phrases=False), "phrases": EmbeddedBackend(SCHEMA)}
    scores: dict[str, dict[Query, tuple[float, float]]] = {}
    for name, backend in rankings.items():
        backend.reindex(documents)
        scores[name] = {}
        for (q, kind), grades in judgements.items():
            hits = backend.search(SearchRequest(q=q, filter=Eq("kind", kind), hits_per_page=10)).hits
            ranked = [h.id for h in hits]
            scores[name][(q, kind)] = (precision_at(ranked, grades, 5), ndcg_at(ranked, grades, 10))
    count = sum(len(g) for g in judgements.values())
    ideal = sum(min(5, sum(1 for g in grades.values() if g >= 2)) / 5 for grades in judgements.values())
    print(
        f"{count} judgements over {len(judgements)} queries, {len(documents)} documents; "
        f"best possible precision@5 {ideal / len(judgements):.3f}"
    )
    for name, per_query in scores.items():
        p5 = sum(v[0] for v in per_query.values()) / len(per_query)
        ndcg = sum(v[1] for v in per_query.values()) / len(per_query)
        print(f"{name:12s} precision@5 {p5:.3f}  nDCG@10 {ndcg:.3f}")
    before, after = scores["as it was"], scores["phrases"]
    for key in judgements:
        if before[key] != after[key]:
            print(
                f"  {key[0]} ({key[1]}): precision@5 {before[key][0]:.3f} -> {after[key][0]:.3f}, "
                f"nDCG@10 {before[key][1]:.3f} -> {after[key][1]:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
