"""Streamlit view support for PolicyKB: rendering, uploads and feedback for `app.py`.

Kept out of `qa/`, `index/` and `ingest/` so the pipeline never imports Streamlit.
"""
