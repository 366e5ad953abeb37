"""Names of DoD organisations, read from responsibilities paragraphs and matched loosely.

An issuance names one official three ways: in capitals in a paragraph title ("UNDER SECRETARY
OF DEFENSE FOR PERSONNEL AND READINESS (USD(P&R))"), by acronym ("USD(P&R)") and spelled out
in running text. A reader types any of them, so names are compared as word sequences with
acronyms expanded from the issuances' own G.1 tables: "ATSD(PA)" and "Assistant to the
Secretary of Defense for Public Affairs" then find the same duties.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.glossary import Glossary, expansion_text

# An acronym may carry a parenthesised office and a slash: "USD(C)/CFO", "ASD(SO/LIC)", "DoD".
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&/().\u2019'-]*[A-Za-z0-9)]|[A-Za-z0-9]")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_STOP = frozenset({"the", "of", "for", "a", "an", "to"})
_JOINERS = frozenset({"and", "or", "&"})  # "SECRETARIES … AND DIRECTORS OF …": two offices
_SEPARATORS = ",;(/"
_BOUNDARY = "|"
# Where a lead-in's subject ends: its verb or its colon ("The USD(P&R) shall:").
_VERB = re.compile(
    r":|\s(?:shall|will|must|is|are|has|have|may|should|takes|provides|establishes)\b"
)
# Clauses that follow the subject: "The Director, DSS, under the authority … of the USD(I&S)".
_TRAILING = re.compile(
    r",?\s+(?:under the|in coordination|in addition|through the|pursuant|when)\b", re.I
)
# A capitals run at the start of a text whose title the parser did not split off:
# "DIRECTOR, DEFENSE LOGISTICS AGENCY (DLA)  In addition …", "GCCs.  The GCCs concerned:".
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "to", "on", "&"})
_CAPS_RUN = re.compile(r"(?:[^a-z\s]+|DoD|(?<=[A-Z])s\b|\s+)+")
_RUN_END = re.compile(r"\.\s*|\s{2,}")


def organisation_name(title: str, text: str) -> str:
    """The organisation a responsibilities paragraph assigns duties to, as printed.

    Args:
        title: the paragraph's printed title ("USD(A&S)"); empty when it has none.
        text: the paragraph's own text ("The USD(A&S):", "The Heads of DoD Components shall
            establish …").

    Returns:
        The title when there is one, else the capitals run the title was printed as, else the
        subject of the first sentence without its article ("Heads of DoD Components"); empty
        when none can be read.
    """
    if title.strip():
        return title.strip()
    run = _caps_run(text)
    return run or _subject(text)


def _subject(text: str) -> str:
    """The grammatical subject of a lead-in: "Under the authority …, the ASD(S):" -> "ASD(S)".

    The subject follows the last ", the" of the introductory clauses and ends where a clause
    about it starts ("The Director, DSS, under the authority … of the USD(I&S), shall:").
    """
    verb = _VERB.search(text)
    head = text[: verb.start()] if verb else text.split(". ")[0]
    found = list(re.finditer(r",\s+the\s+", head, re.IGNORECASE))
    if found:
        head = head[found[-1].end() :]
    head = _TRAILING.split(head)[0]
    head = re.sub(r"^\s*the\s+", "", head, flags=re.IGNORECASE)
    words: list[str] = []
    for word in head.split():
        if words and _acronym(words[-1]) and word[:1].islower() and word not in _NAME_JOINERS:
            break  # "the DASD(RI) oversees …": a verb the list above does not know
        words.append(word)
    while words and words[-1] in _NAME_JOINERS:
        words.pop()
    name = " ".join(words).strip(" ,.")
    return name if 0 < len(name) <= 160 else ""


def _acronym(word: str) -> bool:
    """Whether `word` is an acronym ("DASD(RI)", "CJCS,"), which ends a name it closes."""
    return any(c.isalpha() for c in word) and word.upper() == word


def _caps_run(text: str) -> str:
    """A leading run of capitals that ends with a period or a wide gap, else ''."""
    match = _CAPS_RUN.match(text)
    if match is None:
        return ""
    run = match.group(0)
    ends = list(_RUN_END.finditer(run))
    if not ends:
        return ""
    name = run[: ends[-1].start()].strip(" ,")
    words = [w for w in name.split() if sum(c.isupper() for c in w) >= 1]
    return name if len(words) >= 2 or (len(words) == 1 and len(name) >= 3) else ""


class Names:
    """Compares organisation names with acronyms expanded from the libraries' G.1 tables.

    A name is a word sequence with boundaries where the issuance separates one office from
    the next ("," ";" "and" or an acronym in parentheses). A query names an organisation when
    its words run from one boundary to another, so "USD(P&R)" finds "USD(P&R), USD(R&E), AND
    DOT&E" but not "Principal Deputy Under Secretary of Defense for Personnel and Readiness".
    """

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self._folded = {term.casefold(): term for term in glossary.acronyms}

    def forms(self, name: str, doc_id: str | None = None) -> tuple[list[str], ...]:
        """The name as words and boundaries ("|"): as printed, and with acronyms spelled out.

        Args:
            name: an organisation as printed or typed.
            doc_id: the issuance whose G.1 meaning to prefer (another's is used otherwise).

        Returns:
            One or two lists of lower-case words without articles and punctuation.
        """
        raw: list[str] = []
        expanded: list[str] = []
        for token, bounded in _tokens(name):
            words = _words(token)
            if bounded or token.casefold() in _JOINERS:
                raw.append(_BOUNDARY)
                expanded.append(_BOUNDARY)
            meaning = self._meaning(token, doc_id)
            raw += words
            expanded += meaning or words
        return (raw, expanded) if expanded != raw else (raw,)

    def matches(self, query: str, name: str, doc_id: str | None = None) -> bool:
        """Whether `query` names `name` or one of the offices it lists."""
        wanted = [[w for w in f if w != _BOUNDARY] for f in self.forms(query, doc_id)]
        have = self.forms(name, doc_id)
        return any(q and _bounded_run(q, h) for q in wanted for h in have)

    def _meaning(self, token: str, doc_id: str | None) -> list[str]:
        """The G.1 meaning of an acronym token as words; [] when it is not one."""
        term = self._folded.get(token.casefold())
        if term is None or not any(c.isupper() for c in term[1:]):
            return []  # "Secretary" is no acronym even if a glossary lists it
        row = self._glossary.meaning(term, [doc_id] if doc_id else None)
        if row is None:
            return []
        return [w for t, _ in _tokens(expansion_text(row)) for w in _words(t)]


def _bounded_run(query: list[str], name: list[str]) -> bool:
    """Whether `query` occurs in `name` from a boundary (or the start) to a boundary (or end).

    Boundaries inside the run are skipped: "Personnel and Readiness" spans an "and".
    """
    for start in range(len(name)):
        if name[start] == _BOUNDARY or (start and name[start - 1] != _BOUNDARY):
            continue
        i, j = start, 0
        while i < len(name) and j < len(query):
            if name[i] == query[j]:
                j += 1
            elif name[i] != _BOUNDARY:
                break
            i += 1
        if j == len(query) and (i == len(name) or name[i] == _BOUNDARY):
            return True
    return False


def _tokens(text: str) -> Iterable[tuple[str, bool]]:
    """Words and acronyms of `text` (balanced parentheses), each with whether a separator
    ("," ";" "(" "/") stands between it and the token before."""
    end = 0
    for match in _TOKEN.finditer(text):
        token = _POSSESSIVE.sub("", match.group(0))  # "ATSD(PA)'s duties"
        while token.endswith(")") and token.count(")") > token.count("("):
            token = token[:-1]
        yield token, any(c in _SEPARATORS for c in text[end : match.start()])
        end = match.end()


def _words(token: str) -> list[str]:
    """A token as lower-case words to compare; articles and joiners are dropped."""
    word = token.casefold().strip(".,-'\u2019")
    return [] if not word or word in _STOP or word in _JOINERS else [word]
