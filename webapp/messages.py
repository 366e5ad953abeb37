"""Error messages for the browser: the problem and the fix, never where files live on the server.

The pipeline's messages name files by full path, which is right for whoever runs the command
line and wrong for a browser: a shared deployment would show everyone its directory layout
("/srv/policykb/uploads/…"). Here the index and data directories become the variables that set
them, an uploaded file its own name, and any other absolute path its last part.
"""

from __future__ import annotations

import re
from pathlib import Path

from webapp.resources import Paths

_ABSOLUTE = re.compile(r"(?<![\w.~$:/-])/(?:[^\s/:;,'\"`()]+/)*(?P<name>[^\s/:;,'\"`()]+)")


def public(message: str, paths: Paths, names: dict[Path, str] | None = None) -> str:
    """`message` with server paths replaced.

    Args:
        message: a message from the pipeline (IngestFailedError, IndexLoadError, ...).
        paths: the app's directories, shown as $POLICYKB_INDEX and $POLICYKB_DATA.
        names: stored files and the names to show for them (an upload's own name).

    Returns:
        The same message naming no absolute path.
    """
    replacements = {str(path): name for path, name in (names or {}).items()}
    replacements[str(paths.index_dir)] = "$POLICYKB_INDEX"
    replacements[str(paths.data_dir)] = "$POLICYKB_DATA"
    for path in sorted(replacements, key=len, reverse=True):  # longest first: files in dirs
        message = message.replace(path, replacements[path])
    return _ABSOLUTE.sub(lambda m: m.group("name"), message)
