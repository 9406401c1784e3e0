"""Search benchmarks: catalogue generator and query-mix runner (see docs/benchmarks.md)."""
