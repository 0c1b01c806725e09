"""The embedded adapter: tantivy, fed with text segmented by rjieba (see analysis.py)."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

from matching.search import analysis, suggest
from matching.search.filters import And, Eq, Filter, In, Or, Range, check_fields
from matching.search.port import (
    Document,
    Hit,
    IndexSchema,
    SearchError,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
    Suggestion,
    effective_filter,
    keyword_value,
)

log = logging.getLogger(__name__)

_ANALYZER = "seg"
_SOURCE = "_source"
_HEAP = 50_000_000
_ADJACENT = 2.0


def _text_field(attr: str) -> str:
    return f"_t_{attr}"


class EmbeddedBackend:
    """One writer per process (tantivy holds a lock on the directory); searchers read committed segments.

    When the index directory cannot be written (gone, unwritable, disk full), writes raise SearchUnavailable
    and the index outbox keeps the changes until it can. Searches keep answering from the segments of the
    last commit meanwhile: they are memory-mapped and stay readable whatever happens to the directory.
    """

    def __init__(self, schema: IndexSchema, path: Path | None = None, *, phrases: bool = True) -> None:
        self.schema = schema
        self.path = path
        # False: the ranking before phrases (any multi-word alternative matched word by word, no adjacency
        # bonus), kept as the baseline of bench/search_relevance.py.
        self.phrases = phrases
        self._lock = threading.RLock()
        self._tschema = self._build_schema()
        self._index = self._open()
        self._writer: Any = None
        self._dirty = False

    def _build_schema(self) -> Any:
        sb = tantivy.SchemaBuilder()
        sb.add_text_field(self.schema.primary_key, stored=False, tokenizer_name="raw", fast=True)
        for name in self.schema.keywords:
            if name != self.schema.primary_key:
                sb.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
        for name in self.schema.numbers:
            sb.add_float_field(name, stored=False, indexed=True, fast=True)
        for attr in self.schema.searchable:
            # Positions for the phrases of multi-word synonyms and split words.
            sb.add_text_field(_text_field(attr), stored=False, tokenizer_name=_ANALYZER, index_option="position")
        sb.add_bytes_field(_SOURCE, stored=True, indexed=False)
        return sb.build()

    def _open(self) -> Any:
        if self.path is None:
            index = tantivy.Index(self._tschema)
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            index = self._open_directory(self.path)
        index.register_tokenizer(
            _ANALYZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase()).build(),
        )
        return index

    def _open_directory(self, path: Path) -> Any:
        """The index in `path`; one written under an older schema (e.g. without positions) is dropped and
        starts empty: the index is a projection of the database, and reconcile (or `reindex`) refills it."""
        if not tantivy.Index.exists(str(path)):
            return tantivy.Index(self._tschema, path=str(path), reuse=False)
        try:
            return tantivy.Index(self._tschema, path=str(path), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
        log.warning("the search index in %s has an older schema: starting it afresh, reconcile refills it", path)
        for entry in path.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        return tantivy.Index(self._tschema, path=str(path), reuse=False)

    def _w(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=_HEAP, num_threads=1)
        return self._writer

    @contextlib.contextmanager
    def _writing(self, *, open_writer: bool = True) -> Iterator[Any]:
        """The writer (None when there is none and `open_writer` is false), under the lock. A failed write
        drops it: after a failed commit a tantivy writer accepts later documents and commits without
        writing anything, so it must not be reused."""
        with self._lock:
            try:
                yield self._w() if open_writer else self._writer
            except (ValueError, OSError) as exc:
                self._discard_writer()
                raise SearchUnavailable(f"the search index cannot be written: {exc}") from exc

    def _discard_writer(self) -> None:
        writer, self._writer = self._writer, None
        self._dirty = False  # what it held is lost; the index outbox delivers it again
        if writer is not None:
            with contextlib.suppress(ValueError, OSError):
                writer.rollback()

    # -- writes -----------------------------------------------------------------------------------

    def ensure(self) -> None:
        return None

    def _to_doc(self, source: Document) -> Any:
        doc = tantivy.Document()
        doc.add_text(self.schema.primary_key, str(source[self.schema.primary_key]))
        for name in self.schema.keywords:
            if name == self.schema.primary_key:
                continue
            value = source.get(name)
            for v in value if isinstance(value, list | tuple) else ([] if value is None else [value]):
                doc.add_text(name, keyword_value(v))
        for name in self.schema.numbers:
            value = source.get(name)
            for v in value if isinstance(value, list | tuple) else ([] if value is None else [value]):
                if isinstance(v, int | float) and not isinstance(v, bool):
                    doc.add_float(name, float(v))
        for attr in self.schema.searchable:
            text = _as_text(source.get(attr))
            if text:
                doc.add_text(_text_field(attr), " ".join(analysis.index_tokens(text)))
        doc.add_bytes(_SOURCE, json.dumps(source, ensure_ascii=False, default=str).encode())
        return doc

    def upsert(self, documents: Sequence[Document]) -> None:
        prepared = [(str(source[self.schema.primary_key]), self._to_doc(source)) for source in documents]
        with self._writing() as writer:
            for key, doc in prepared:
                writer.delete_documents_by_term(self.schema.primary_key, key)
                writer.add_document(doc)
            self._dirty = self._dirty or bool(prepared)

    def delete(self, ids: Sequence[str]) -> None:
        with self._writing() as writer:
            for doc_id in ids:
                writer.delete_documents_by_term(self.schema.primary_key, str(doc_id))
            self._dirty = self._dirty or bool(ids)

    def flush(self) -> None:
        with self._writing(open_writer=False) as writer:
            if self._dirty and writer is not None:
                writer.commit()
                self._dirty = False
            self._index.reload()

    def clear(self) -> None:
        with self._writing() as writer:
            writer.delete_all_documents()
            self._dirty = True
            self.flush()

    def reindex(self, documents: Iterable[Document]) -> int:
        # One tantivy commit is atomic: searchers see the old index until the new one is complete.
        with self._writing() as writer:
            writer.delete_all_documents()
            count = 0
            for source in documents:
                writer.add_document(self._to_doc(source))
                count += 1
            self._dirty = True
            self.flush()
            return count

    def ping(self) -> None:
        self._index.searcher()

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                if self._dirty:
                    self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None

    # -- reads ------------------------------------------------------------------------------------

    def digests(self) -> dict[str, str]:
        searcher = self._index.searcher()
        total = searcher.num_docs
        out: dict[str, str] = {}
        if total == 0:
            return out
        for _score, address in searcher.search(tantivy.Query.all_query(), total).hits:
            source = _source_of(searcher.doc(address))
            out[str(source[self.schema.primary_key])] = str(source.get("_digest", ""))
        return out

    def _term(self, field: str, term: analysis.Term) -> Any:
        if term.typos:
            return tantivy.Query.fuzzy_term_query(self._tschema, field, term.text, term.typos, True, False)
        return tantivy.Query.term_query(self._tschema, field, term.text)

    def _per_field(self, make: Callable[[str], Any]) -> Any:
        """One query in any searchable attribute, each weighted by its attribute."""
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.boost_query(make(_text_field(a)), self.schema.weights.get(a, 1.0)))
                for a in self.schema.searchable
            ]
        )

    def _phrase(self, alt: analysis.Alternative) -> Any:
        # Exact words, as Meilisearch's phrases: no typos inside a phrase.
        words: list[str | tuple[int, str]] = [t.text for t in alt.terms]
        return self._per_field(lambda field: tantivy.Query.phrase_query(self._tschema, field, words))

    def _alternative(self, alt: analysis.Alternative) -> Any:
        if alt.phrase and self.phrases:
            # Its words side by side, like typed words found next to each other (below): the same bonus.
            return tantivy.Query.boost_query(self._phrase(alt), 1.0 + _ADJACENT)
        clauses = [(tantivy.Occur.Must, self._per_field(functools.partial(self._term, term=t))) for t in alt.terms]
        if self.phrases and len(alt.terms) > 1:
            # Meilisearch's proximity rule, roughly: typed words side by side in one attribute rank higher.
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(self._phrase(alt), _ADJACENT)))
        return tantivy.Query.boolean_query(clauses)

    def _text_query(self, groups: list[analysis.Group], strategy: str) -> Any:
        clauses = []
        for position, group in enumerate(groups):
            alternatives = [(tantivy.Occur.Should, self._alternative(alt)) for alt in group]
            first = position == 0 and strategy == "last"
            occur = tantivy.Occur.Must if strategy == "all" or first else tantivy.Occur.Should
            clauses.append((occur, tantivy.Query.boolean_query(alternatives)))
        return tantivy.Query.boolean_query(clauses)

    def _filter_query(self, node: Filter) -> Any:
        q = tantivy.Query
        if isinstance(node, Eq):
            return self._eq(node.field, node.value)
        if isinstance(node, In):
            if not node.values:
                return q.empty_query()
            return q.boolean_query([(tantivy.Occur.Should, self._eq(node.field, v)) for v in node.values])
        if isinstance(node, Range):
            if node.field not in self.schema.numbers:
                raise SearchError(f"range on a non-numeric field: {node.field}")
            if node.gte is None and node.lte is None:
                return q.exists_query(node.field)
            return q.range_query(
                self._tschema,
                node.field,
                tantivy.FieldType.Float,
                None if node.gte is None else float(node.gte),
                None if node.lte is None else float(node.lte),
            )
        if isinstance(node, And):
            return q.boolean_query([(tantivy.Occur.Must, self._filter_query(i)) for i in node.items])
        if isinstance(node, Or):
            if not node.items:
                return q.empty_query()
            return q.boolean_query([(tantivy.Occur.Should, self._filter_query(i)) for i in node.items])
        return q.boolean_query(
            [(tantivy.Occur.Must, q.all_query()), (tantivy.Occur.MustNot, self._filter_query(node.item))]
        )

    def _eq(self, field: str, value: Any) -> Any:
        if field in self.schema.numbers:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return tantivy.Query.empty_query()
            v = float(value)
            return tantivy.Query.range_query(self._tschema, field, tantivy.FieldType.Float, v, v)
        return tantivy.Query.term_query(self._tschema, field, keyword_value(value))

    def search(self, request: SearchRequest) -> SearchResult:
        check_fields(request.filter, self.schema.filterable)
        groups = analysis.parse_query(request.q)
        text = self._text_query(groups, request.strategy) if groups else tantivy.Query.all_query()
        filt = tantivy.Query.const_score_query(self._filter_query(effective_filter(request)), 0.0)
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, text), (tantivy.Occur.Must, filt)])
        searcher = self._index.searcher()
        hpp = max(1, request.hits_per_page)
        offset = (max(1, request.page) - 1) * hpp
        kwargs: dict[str, Any] = {"count": True, "offset": offset}
        if request.sort is not None:
            field, direction = request.sort
            if field not in self.schema.sortable:
                raise SearchError(f"not sortable: {field}")
            kwargs["order_by_field"] = field
            kwargs["order"] = tantivy.Order.Asc if direction == "asc" else tantivy.Order.Desc
        if searcher.num_docs == 0:
            return SearchResult([], {f: {} for f in request.facets}, 0, request.page, hpp)
        result = searcher.search(query, hpp, **kwargs)
        hits = []
        for score, address in result.hits:
            source = _source_of(searcher.doc(address))
            marks = {
                a: analysis.highlight(_as_text(source.get(a)), groups) for a in self.schema.highlight if source.get(a)
            }
            hits.append(
                Hit(str(source[self.schema.primary_key]), source, marks, float(score) if request.sort is None else None)
            )
        return SearchResult(hits, self._facets(searcher, query, request.facets), int(result.count), request.page, hpp)

    def suggest(self, prefix: str, limit: int, audience: frozenset[str] = frozenset()) -> list[Suggestion]:
        tokens = analysis.query_tokens(prefix)
        if not tokens or limit < 1:
            return []
        fields = [_text_field(a) for a in suggest.CANDIDATE_ATTRIBUTES]
        q = tantivy.Query
        # Every typed word in one of the fields; the last one may still be half typed.
        words = [
            q.boolean_query(
                [
                    (
                        tantivy.Occur.Should,
                        q.regex_query(self._tschema, f, re.escape(token) + ".*")
                        if last
                        else q.term_query(self._tschema, f, token),
                    )
                    for f in fields
                ]
            )
            for last, token in ((i == len(tokens) - 1, t) for i, t in enumerate(tokens))
        ]
        visible = q.const_score_query(self._filter_query(effective_filter(SearchRequest(audience=audience))), 0.0)
        query = q.boolean_query([(tantivy.Occur.Must, w) for w in [*words, visible]])
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return []
        hits = searcher.search(query, suggest.candidate_count(limit)).hits
        return suggest.suggestions((_source_of(searcher.doc(a)) for _s, a in hits), prefix, limit)

    def _facets(self, searcher: Any, query: Any, names: Sequence[str]) -> dict[str, dict[str, int]]:
        if not names:
            return {}
        for name in names:
            if name not in self.schema.facets:
                raise SearchError(f"not a facet: {name}")
        agg = {name: {"terms": {"field": name, "size": 10000}} for name in names}
        raw = searcher.aggregate(query, agg)
        return {
            name: {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])} for name in names
        }


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _source_of(doc: Any) -> Document:
    raw = doc.get_first(_SOURCE)
    loaded: Document = json.loads(bytes(raw).decode())
    return loaded
