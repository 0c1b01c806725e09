"""Ranking evaluation of matchmaking on labelled demand -> provider judgements (bench/data/).

    .venv/bin/python -m bench.matching_ranking

Seeds the demo data into a temporary database, ranks providers for every judged demand and reports
precision@5 (relevant = grade >= 2) and nDCG@10 (graded, unjudged = 0), for the matcher and for a
text-only baseline.
"""

from __future__ import annotations

import csv
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from kit.clock import ManualClock
from kit.db import make_engine, make_sessionmaker
from matching.config import Settings
from matching.matchmaking import repository
from matching.matchmaking.scoring import bag, cosine, score_provider
from matching.models import Demand
from matching.seed import provider_id, run

JUDGEMENTS = Path(__file__).parent / "data" / "matching_judgements.csv"


def load() -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    with JUDGEMENTS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["demand_code"]][provider_id(row["provider_key"])] = int(row["grade"])
    return out


def precision_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    return sum(1 for p in ranked[:k] if grades.get(p, 0) >= 2) / k


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    def dcg(values: list[int]) -> float:
        return float(sum((2.0**g - 1) / math.log2(i + 2) for i, g in enumerate(values)))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(p, 0) for p in ranked[:k]]) / ideal if ideal else 0.0


def main() -> int:
    judgements = load()
    work = Path(tempfile.mkdtemp(prefix="matching-rank-"))
    clock = ManualClock()
    settings = Settings(database_url=f"sqlite:///{work / 'm.db'}", index_dir=Path("memory"))
    run(settings, clock, progress=False)
    factory = make_sessionmaker(make_engine(settings.database_url))
    results: dict[str, list[tuple[float, float]]] = {"matcher": [], "matcher, eligible only": [], "text only": []}
    with factory() as session:
        providers = repository.provider_facts(session, clock.now().date())
        bags = {p.id: bag(p.text) for p in providers}
        for code, grades in sorted(judgements.items()):
            demand = session.scalar(select(Demand).where(Demand.code == code))
            assert demand is not None, code
            opp = repository.demand_opportunity(demand)
            opp_bag = bag(opp.text)
            scored = [(score_provider(opp, p, opp_bag, bags[p.id]), p) for p in providers]
            ordered = sorted(scored, key=lambda x: (-x[0].score, x[1].name))
            matcher = [p.id for _s, p in ordered]
            eligible = [p.id for s, p in ordered if s.eligible]
            text = [p.id for p in sorted(providers, key=lambda p: -cosine(opp_bag, bags[p.id]))]
            for name, ranked in (("matcher", matcher), ("matcher, eligible only", eligible), ("text only", text)):
                results[name].append((precision_at(ranked, grades, 5), ndcg_at(ranked, grades, 10)))
    count = sum(len(g) for g in judgements.values())
    ideal = sum(min(5, sum(1 for g in grades.values() if g >= 2)) / 5 for grades in judgements.values())
    print(
        f"{count} judgements over {len(judgements)} demands, {len(providers)} providers; "
        f"best possible precision@5 {ideal / len(judgements):.3f}"
    )
    for name, values in results.items():
        p5 = sum(v[0] for v in values) / len(values)
        ndcg = sum(v[1] for v in values) / len(values)
        print(f"{name:24s} precision@5 {p5:.3f}  nDCG@10 {ndcg:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
