"""The requests of one search: several searches in one `_msearch` round trip, never a partial
answer, and the understanding of the words read from the cluster (D248).

A search with text needs to know whether its words are indexed (the term suggester, and two
counts on the last word) before it knows which search to run. The likely outcome (every word
indexed, the last one matched whole: `likely`) is sent in the same round trip as the question;
only when the answer says otherwise (a correction, a word being typed) is a second search sent.

Bodies and answers are plain dicts: the body is JSON-encoded by the client as it is, and the
answer is read without elasticsearch.dsl's response wrappers.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from elasticsearch import ApiError, Elasticsearch
from elasticsearch.exceptions import HTTP_EXCEPTIONS

from search.query import ParsedQuery, best_correction

log = logging.getLogger(__name__)

Body = dict[str, Any]
Answer = dict[str, Any]

# The term suggester's settings (what "a word the index does not hold" and its candidates are).
_SUGGESTER: dict[str, Any] = {
    "field": "all_folded",
    "suggest_mode": "missing",
    "max_edits": 2,
    "prefix_length": 1,
    "min_word_length": 4,
    "size": 10,
}


class PartialResults(Exception):
    """Shards failed twice in one search: the answer would silently miss documents."""


def _refused(response: Any, item: Answer) -> ApiError:
    """The error one search of an `_msearch` answered, raised as the client raises the same
    answer to a lone search (404 NotFoundError, 400 BadRequestError, …), status included."""
    status = int(item.get("status") or 500)
    meta = dataclasses.replace(response.meta, status=status)
    error = item.get("error")
    message = str(error.get("type", "error")) if isinstance(error, dict) else str(error)
    return HTTP_EXCEPTIONS.get(status, ApiError)(message=message, meta=meta, body=item)


def _msearch(es: Elasticsearch, index: str, bodies: list[Body]) -> list[Answer]:
    searches: list[Body] = []
    for body in bodies:
        searches += [{}, body]
    response = es.msearch(index=index, searches=searches)
    answers: list[Answer] = list(response.body["responses"])
    for item in answers:
        if "error" in item:
            raise _refused(response, item)
    return answers


def search_whole(es: Elasticsearch, index: str, bodies: list[Body]) -> list[Answer]:
    """The answers to `bodies`, asked in one round trip, never a partial one: a search with a
    shard failed (a node died between its query and fetch phases) is asked once more on its
    own; failed again, it is an outage (PartialResults) and the fallback answers (D192). The
    guarantee of backend.execute_whole, for each search of the round trip."""
    answers = _msearch(es, index, bodies)
    for i, answer in enumerate(answers):
        failed = answer["_shards"]["failed"]
        if not failed:
            continue
        log.warning("Elasticsearch: %s shard(s) failed; asking once more", failed)
        answer = _msearch(es, index, [bodies[i]])[0]
        if answer["_shards"]["failed"]:
            raise PartialResults(f"{answer['_shards']['failed']} shard(s) failed twice")
        answers[i] = answer
    return answers


def understanding_body(parsed: ParsedQuery) -> Body:
    """The question: candidates for each word the index does not hold, and whether the last
    word is indexed whole (`known`) or begins an indexed word (`typed`)."""
    last = parsed.terms[-1]
    return {
        "size": 0,
        "track_total_hits": False,
        "suggest": {"words": {"text": parsed.text, "term": _SUGGESTER}},
        "aggs": {
            "known": {"filter": {"term": {"all_folded": last}}},
            "typed": {"filter": {"prefix": {"all_folded": last}}},
        },
    }


def likely(parsed: ParsedQuery) -> ParsedQuery:
    """What `understood` answers for words that are all indexed: the same words, the last one
    matched whole (as DatabaseBackend._correct does for an indexed last word)."""
    return parsed.with_terms(parsed.terms, prefix=False)


def understood(parsed: ParsedQuery, answer: Answer) -> tuple[ParsedQuery, str | None]:
    """As the database backends do (DatabaseBackend._correct): a complete indexed last word
    is matched whole, not as a prefix; each word the index does not hold is replaced by the
    nearest indexed word (search.query.best_correction over the cluster's candidates).
    Returns the query to run and the did-you-mean text (None when nothing was corrected)."""
    entries = answer.get("suggest", {}).get("words", [])
    options = {e["text"]: [o["text"] for o in e.get("options", [])] for e in entries}
    aggs = answer["aggregations"]
    last_known = aggs["known"]["doc_count"] > 0
    last_typed = aggs["typed"]["doc_count"] > 0
    terms = list(parsed.terms)
    prefix = not last_known
    changed = False
    for i, term in enumerate(parsed.terms):
        candidates = options.get(term)
        if not candidates:
            continue  # an indexed word, or nothing close to it
        if i == len(terms) - 1 and last_typed:
            continue  # a word being typed
        fix = best_correction(term, candidates)
        if fix and fix != term:
            terms[i] = fix
            changed = True
            prefix = prefix and i != len(terms) - 1
    corrected = parsed.with_terms(tuple(terms), prefix=prefix)
    return corrected, corrected.text if changed else None
