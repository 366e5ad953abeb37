"""The end of an older issuance's numbered body: the signature block and the list of enclosures.

Neither cites anything, so the body stops above them. They are found by their shape, which
page text keeps too (it has no positions to measure the white space around a signature).
"""

from __future__ import annotations

import re

from ingest.pages import Line

_ENCLOSURE_LIST = re.compile(r"^\s*Enclosures?\s*(?::|-\s*\d+)?\s*$")
_MARKER = re.compile(r"^\s*(?:\(\s?\w{1,2}\s?\)|\w{1,2}\s?\.)(?:\s|$)")
_OFFICIAL = re.compile(
    r"\b(?:Secretary|Director|Chairman|Commander|Administrator|Comptroller|Counsel|Inspector"
    r"|Officer|Chief)\b"
)
_SIGNATURE_LINES = 6  # name and a title of up to two lines, for one or two signers


def closing(lines: list[Line]) -> int:
    """Index where the signature block and the list of enclosures begin (they cite nothing).

    The signature is the name and title of each signer, just above "Enclosures": a few short
    lines without a paragraph marker or closing punctuation, one naming an office ("Deputy
    Secretary of Defense"), after a finished sentence. Page text has no positions, so the
    signature is told by its shape, not by the white space around it.
    """
    pairs = zip(lines, [*lines[1:], None], strict=False)  # the last line has none after it
    cut = next((i for i, (t, n) in enumerate(pairs) if _enclosure_list(t, n)), len(lines))
    start = cut
    while start > 0 and cut - start < _SIGNATURE_LINES and _signature_line(lines[start - 1].text):
        start -= 1
    block = [t.text for t in lines[start:cut]]
    finished = start == 0 or lines[start - 1].text.rstrip().endswith((".", ":", ";"))
    return start if finished and any(_OFFICIAL.search(t) for t in block) else cut


def _enclosure_list(line: Line, after: Line | None) -> bool:
    """The "Enclosures" line that opens the list of enclosures.

    Text extraction splits the word in DoDM 5200.01 Vol 1 ("Encl" / "osures").
    """
    if _ENCLOSURE_LIST.match(line.text):
        return True
    joined = line.text.strip() + (after.text.strip() if after else "")
    return line.text.strip() != "" and _ENCLOSURE_LIST.match(joined) is not None


def _signature_line(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= 80
        and not _MARKER.match(text)
        and not stripped.endswith((".", ":", ";", ","))
    )
