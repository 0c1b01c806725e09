"""Suggestions from candidate documents: the one rule both engines share.

Each engine only finds candidates (documents whose title, organisation or tags hold the typed words);
which strings are offered, in what order, is decided here, so both engines suggest alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matching.search.analysis import normalise
from matching.search.port import Document, Suggestion

# The attributes searched for candidates, and those a candidate is read back with.
CANDIDATE_ATTRIBUTES = ("title", "org_name", "tags_text")
TAG_ATTRIBUTES = ("capability_tags", "end_tags", "layer_tags")
RETRIEVED = ("id", "entity_id", "kind", "title", "org_name", *TAG_ATTRIBUTES)
_FIELD_ORDER = {"title": 0, "org": 1, "tag": 2}


def candidate_count(limit: int) -> int:
    """How many candidates to fetch: organisations and tags repeat across documents."""
    return max(limit * 5, 50)


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _offered(doc: Document) -> Iterable[Suggestion]:
    title = str(doc.get("title") or "")
    if title:
        yield Suggestion(title, "title", str(doc.get("entity_id") or doc.get("id")), str(doc.get("kind") or ""))
    org = str(doc.get("org_name") or "")
    if org:
        yield Suggestion(org, "org")
    for attr in TAG_ATTRIBUTES:
        for tag in _strings(doc.get(attr)):
            yield Suggestion(tag, "tag")


def suggestions(candidates: Iterable[Document], prefix: str, limit: int) -> list[Suggestion]:
    """Strings containing `prefix` (case and width folded): those starting with it first, then titles
    before organisations before tags, then in the engine's order; each organisation and tag once, and not
    again when it is a title."""
    needle = normalise(prefix).strip()
    if not needle or limit < 1:
        return []
    ranked: list[tuple[int, int, int, Suggestion]] = []
    seen: set[tuple[str, str]] = set()
    for position, doc in enumerate(candidates):
        for item in _offered(doc):
            folded = normalise(item.text)
            key = (item.field, item.id or folded)
            if needle not in folded or key in seen:
                continue
            seen.add(key)
            ranked.append((0 if folded.startswith(needle) else 1, _FIELD_ORDER[item.field], position, item))
    # A provider's title is its organisation's name: offered once, as the title that opens it.
    titles = {normalise(r[3].text) for r in ranked if r[3].field == "title"}
    ranked = [r for r in ranked if r[3].field == "title" or normalise(r[3].text) not in titles]
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
