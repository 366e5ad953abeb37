"""What the app says when there is no index yet: how to get the issuances in."""

from __future__ import annotations

import streamlit as st

from webapp.markup import escape

_MISSING = "**No issuances are indexed yet.** PolicyKB answers only from issuances you ingest."
_HOW_TO = """

**With internet access** — download the issuances listed in `corpus/sources.toml` and index them:

```
policykb fetch
policykb ingest corpus/
```

**Offline** — copy the official PDFs (from https://www.esd.whs.mil/DD/, e.g. `DoDI 5400.17`)
into `corpus/`, then run:

```
policykb ingest corpus/
```

or `make run`, which ingests `corpus/` and starts this app.
"""
_UPLOAD = "You can also add a PDF below."
_READ_ONLY = "This deployment is read-only: whoever runs it adds issuances with `policykb ingest`."


def render(problem: str | None = None, read_only: bool = False) -> None:
    """Explain how to build the index, and why the current one did not load.

    Args:
        problem: the load error with server paths already removed (webapp.messages), None
            when no index exists at all.
        read_only: the deployment takes no uploads (POLICYKB_READ_ONLY).
    """
    if problem:
        st.error(escape(problem))
    else:
        st.markdown(_MISSING)
    st.info(_HOW_TO + (_READ_ONLY if read_only else _UPLOAD))
    st.caption("The index is read from POLICYKB_INDEX (default: index/ in POLICYKB_DATA, data/).")
