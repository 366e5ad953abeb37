"""What the app says when there is no index yet: how to get the issuances in."""

from __future__ import annotations

from pathlib import Path

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

or `make run`, which ingests `corpus/` and starts this app. You can also add a PDF below.
"""


def render(index_dir: Path, problem: str | None = None) -> None:
    """Explain how to build the index at `index_dir`, and why the current one did not load.

    Args:
        index_dir: where the app looked (POLICYKB_INDEX).
        problem: the load error (names the file and the rebuild command), None when no
            index exists at all.
    """
    if problem:
        st.error(escape(problem))
    else:
        st.markdown(_MISSING)
    st.info(_HOW_TO)
    st.caption(escape(f"Looking for the index at {index_dir} (set POLICYKB_INDEX to change it)."))
