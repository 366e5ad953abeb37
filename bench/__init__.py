"""Benchmarks for PolicyKB: ingest, query, scale and peers (see bench/README.md).

A package so the scripts share `bench.timing` and `bench.synth`; each script also runs as
`python bench/<name>.py`.
"""
