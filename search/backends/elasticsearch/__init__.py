"""Elasticsearch 8/9 backend (search.base.SearchBackend) through elasticsearch.dsl."""

from search.backends.elasticsearch.backend import AnsweredResults, ElasticsearchBackend

__all__ = ["AnsweredResults", "ElasticsearchBackend"]
