"""Chinese and Latin text analysis the way Meilisearch does it, shared by the embedded engine and highlighter.

jieba without HMM (Meilisearch's charabia uses jieba's `cut` with HMM off); at index time long words are
also re-split into their dictionary words (`cut_for_search`); the user dictionary is loaded first.
Latin words get typos by Meilisearch's thresholds: 1 from 5 letters, 2 from 9.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from matching.vocabulary import DICTIONARY, synonyms_map

ONE_TYPO = 5
TWO_TYPOS = 9
_WORD = re.compile(r"\w", re.UNICODE)
_LATIN = re.compile(r"^[a-z0-9]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")
PRE, POST = "\ue000", "\ue001"


@lru_cache(maxsize=1)
def _load_dictionary() -> bool:
    for word in DICTIONARY:
        rjieba.add_word(word, 100000, None)
    return True


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _keep(token: str) -> bool:
    return bool(token.strip()) and bool(_WORD.search(token))


def index_tokens(text: str) -> list[str]:
    _load_dictionary()
    return [t for t in (w.strip() for w in rjieba.cut_for_search(normalise(text), False)) if _keep(t)]


def query_tokens(text: str) -> list[str]:
    _load_dictionary()
    return [t for t in (w.strip() for w in rjieba.cut(normalise(text), False)) if _keep(t)]


def typo_budget(token: str) -> int:
    if not _LATIN.match(token) or token.isdigit():
        return 0
    if len(token) >= TWO_TYPOS:
        return 2
    if len(token) >= ONE_TYPO:
        return 1
    return 0


@dataclass(frozen=True)
class Term:
    text: str
    typos: int


@dataclass(frozen=True)
class Alternative:
    """Matches when all of its terms do; a phrase only when they stand next to each other, in this order, in
    one attribute. Words the user typed are free; a multi-word synonym or the split of a long word is a
    phrase, as in Meilisearch: 工业视觉 finds 机器视觉, not a 机器人 that mentions 视觉 somewhere."""

    terms: tuple[Term, ...]
    phrase: bool = False


# A query is a list of groups; a group matches when one of its alternatives matches.
Group = tuple[Alternative, ...]


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for word, others in synonyms_map().items():
        key = "".join(query_tokens(word))
        out.setdefault(key, []).extend(tuple(query_tokens(o)) for o in others)
    return out


def _terms(tokens: tuple[str, ...], *, phrase: bool = False) -> Alternative:
    return Alternative(tuple(Term(t, typo_budget(t)) for t in tokens), phrase and len(tokens) > 1)


def _splits(token: str) -> tuple[str, ...] | None:
    """Meilisearch's split words for a long Chinese word: its dictionary sub-words."""
    if len(token) < 3 or not _CJK.search(token):
        return None
    parts = tuple(p for p in rjieba.cut_for_search(token, False) if p != token and len(p) > 1)
    covered = "".join(p for p in parts if token.find(p) >= 0)
    return parts if parts and len(covered) >= len(token) else None


def parse_query(q: str) -> list[Group]:
    tokens = query_tokens(q)
    synonyms = _synonyms()
    groups: list[Group] = []
    i = 0
    while i < len(tokens):
        for span in range(min(4, len(tokens) - i), 0, -1):
            key = "".join(tokens[i : i + span])
            if span > 1 and key not in synonyms:
                continue
            words = tuple(tokens[i : i + span])
            alternatives: list[Alternative] = [_terms(words)]
            split = _splits(key) if span == 1 else None
            if split:
                alternatives.append(_terms(split, phrase=True))
            alternatives.extend(_terms(s, phrase=True) for s in synonyms.get(key, []))
            groups.append(tuple(dict.fromkeys(alternatives)))
            i += span
            break
    return groups


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a transposition is one typo), cut off past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def term_matches(term: Term, token: str) -> bool:
    if term.text == token:
        return True
    return term.typos > 0 and _LATIN.match(token) is not None and distance(term.text, token, term.typos) <= term.typos


def _phrase_in(terms: tuple[Term, ...], tokens: list[str]) -> bool:
    n = len(terms)
    return any(
        all(term_matches(t, tok) for t, tok in zip(terms, tokens[i : i + n], strict=True))
        for i in range(len(tokens) - n + 1)
    )


def text_matches(groups: list[Group], fields: list[list[str]], strategy: str = "all") -> bool:
    """Python-side matching with the engine's semantics (subscriptions check new items with it): `fields`
    holds the index tokens of each searchable attribute, in order."""
    if not groups:
        return True
    needed = groups if strategy == "all" else groups[:1]
    tokens = {tok for field in fields for tok in field}

    def alternative_ok(alt: Alternative) -> bool:
        if alt.phrase:
            return any(_phrase_in(alt.terms, field) for field in fields)
        return all(any(term_matches(t, tok) for tok in tokens) for t in alt.terms)

    def group_ok(group: Group) -> bool:
        return any(alternative_ok(alt) for alt in group)

    return all(group_ok(g) for g in needed)


def highlight(text: str, groups: list[Group]) -> str:
    """HTML-escaped text with every matched word wrapped in <em>…</em>."""
    terms = {t for g in groups for alt in g for t in alt.terms}
    if not terms or not text:
        return html.escape(text)
    _load_dictionary()
    spans: list[tuple[int, int]] = []
    for word, start, end in rjieba.tokenize(text, "search", False):
        norm = normalise(word).strip()
        if _keep(norm) and any(term_matches(t, norm) for t in terms):
            spans.append((start, end))
    return render_spans(text, spans)


def render_spans(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    out, pos = [], 0
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append("<em>" + html.escape(text[start:end]) + "</em>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def from_marked(marked: str) -> str:
    """An engine's highlight written with private-use markers, escaped and turned into <em> tags."""
    return html.escape(marked).replace(PRE, "<em>").replace(POST, "</em>")
