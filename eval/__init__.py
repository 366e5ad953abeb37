"""Evaluation: gold sets, metrics, baselines side by side, reports.

gold (load/validate JSONL) -> runner (ask each variant, time it) -> metrics / answers (scores)
-> report / plots (Markdown, JSON, PNG). bind connects the runner to a real index and qa;
subtree emulates the paragraph-with-children unit; beir and feedback exchange data with other
tools and with people; commands backs `policykb eval`.
"""
