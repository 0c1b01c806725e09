"""Pure scoring of a provider (and its products) against an opportunity, with reasons in Chinese."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from matching.search import analysis
from matching.vocabulary import LAYERS

W_TAGS, W_TEXT, W_RECOGNITION, W_SCENARIO, W_DISTRICT, W_LABELS = 0.30, 0.50, 0.05, 0.08, 0.05, 0.02
STRONG_LABELS = ("专精特新小巨人", "专精特新中小企业", "高新技术企业", "隐形冠军", "链主企业", "单项冠军")


@dataclass(frozen=True)
class Opportunity:
    kind: str
    id: str
    title: str
    tags: tuple[str, ...]
    scenario_domain: str
    districts: tuple[str, ...]  # where it is (demand) — a bonus
    allowed_districts: tuple[str, ...]  # who may apply (challenge) — a rule
    required_qualifications: tuple[str, ...]
    text: str
    owner_org_id: str | None


@dataclass(frozen=True)
class ProductFacts:
    id: str
    name: str
    category: str
    tags: tuple[str, ...]
    schemes: tuple[str, ...]  # active recognitions only
    text: str


@dataclass(frozen=True)
class ProviderFacts:
    id: str
    name: str
    district: str
    verified: bool
    tags: tuple[str, ...]
    scenario_domains: tuple[str, ...]
    labels: tuple[str, ...]  # active labels only
    text: str
    products: tuple[ProductFacts, ...] = ()


@dataclass
class Scored:
    score: float
    reasons: list[str] = field(default_factory=list)
    eligible: bool = True
    ineligible_reason: str = ""


def bag(text: str) -> Counter[str]:
    return Counter(t for t in analysis.index_tokens(text) if len(t) > 1)


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _items(tags: tuple[str, ...]) -> set[str]:
    return {t for t in tags if t not in LAYERS}


def eligibility(opp: Opportunity, p: ProviderFacts) -> str:
    if opp.owner_org_id and opp.owner_org_id == p.id:
        return "本单位发布"
    if opp.allowed_districts and p.district not in opp.allowed_districts:
        return f"所在区县{p.district}不在限定范围（{'、'.join(opp.allowed_districts)}）"
    missing = [q for q in opp.required_qualifications if q not in p.labels]
    if missing:
        return f"缺少有效资质：{'、'.join(missing)}"
    return ""


def score_provider(
    opp: Opportunity, p: ProviderFacts, opp_bag: Counter[str] | None = None, provider_bag: Counter[str] | None = None
) -> Scored:
    out = Scored(0.0)
    reason = eligibility(opp, p)
    if reason:
        out.eligible, out.ineligible_reason = False, reason
    wanted = _items(opp.tags)
    shared = sorted(wanted & _items(p.tags))
    if wanted and shared:
        out.score += W_TAGS * len(shared) / len(wanted)
        out.reasons.append(f"共同能力标签：{'、'.join(shared)}")
    if opp.scenario_domain and opp.scenario_domain in p.scenario_domains:
        out.score += W_SCENARIO
        out.reasons.append(f"有{opp.scenario_domain}场景经验")
    recognised = [prod for prod in p.products if prod.schemes and (not wanted or wanted & set(prod.tags))]
    if recognised:
        out.score += W_RECOGNITION
        names = "、".join(f"{prod.name}（{'/'.join(prod.schemes)}）" for prod in recognised[:3])
        out.reasons.append(f"相关首台套/首版次产品：{names}")
    if opp.required_qualifications and out.eligible:
        out.reasons.append(f"满足资质要求：{'、'.join(opp.required_qualifications)}")
    strong = [label for label in STRONG_LABELS if label in p.labels]
    if strong:
        out.score += W_LABELS
        if not opp.required_qualifications:
            out.reasons.append(f"资质：{'、'.join(strong[:2])}")
    if p.district and p.district in opp.districts:
        out.score += W_DISTRICT
        out.reasons.append(f"同在{p.district}")
    relevance = cosine(
        opp_bag if opp_bag is not None else bag(opp.text), provider_bag if provider_bag is not None else bag(p.text)
    )
    if relevance > 0:
        out.score += W_TEXT * relevance
        if relevance >= 0.05:
            out.reasons.append(f"文本相关度 {relevance:.2f}")
    if p.verified:
        out.score += 0.01
    out.score = round(out.score, 4)
    return out


def score_product(opp: Opportunity, prod: ProductFacts, opp_bag: Counter[str]) -> Scored:
    out = Scored(0.0)
    wanted = _items(opp.tags)
    shared = sorted(wanted & _items(prod.tags))
    if wanted and shared:
        out.score += 0.45 * len(shared) / len(wanted)
        out.reasons.append(f"共同标签：{'、'.join(shared)}")
    if prod.schemes:
        out.score += 0.2
        out.reasons.append(f"有效认定：{'、'.join(prod.schemes)}")
    relevance = cosine(opp_bag, bag(prod.text))
    if relevance > 0:
        out.score += 0.35 * relevance
        if relevance >= 0.05:
            out.reasons.append(f"文本相关度 {relevance:.2f}")
    out.score = round(out.score, 4)
    return out
