"""A synthetic DoD-like corpus for the scale benchmark, generated from real sample paragraphs.

The whole DoD issuance library (~2,000 issuances, a few hundred thousand paragraphs) is not on
this machine, so the scale benchmark builds one of that size from the sentences of the real
samples. Verbatim copies would flatter BM25 (identical postings) and FAISS (identical vectors),
so text is varied: sentences are recombined across paragraphs, numbers and acronyms swapped and
sentence order shuffled. Documents are visibly fictional ("DoDI 9xxx.xx", "FICTIONAL SCALE
TEST ISSUANCE") and follow the modern numbering so paths look like real ones.

Embedding 300k paragraphs for real would take ~40 minutes here, so only `n_seeds` "seed"
paragraphs are embedded; every other paragraph is a text *variant* of a seed and gets the
seed's vector plus Gaussian noise, renormalised (`derive_vectors`), with the noise calibrated
so that the derived vectors sit as close to their seed as real variant embeddings do.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ingest.records import Document, Kind, Paragraph, ParsedDocument

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")
_NUMBER = re.compile(r"\b\d{1,4}\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,7}\b")
_PER_DOC = 150  # paragraphs per synthetic issuance: 300k paragraphs ~ 2,000 issuances


@dataclass(frozen=True)
class Pools:
    """What the generator recombines: real sentences and the acronyms they use."""

    sentences: tuple[str, ...]
    acronyms: tuple[str, ...]


def pools_from(paragraphs: Iterable[Paragraph]) -> Pools:
    """Sentences (>= 5 words) and acronyms of real paragraphs, deduplicated, order kept.

    Raises:
        ValueError: when the paragraphs hold too little text to vary (the samples are missing).
    """
    sentences: dict[str, None] = {}
    acronyms: dict[str, None] = {}
    for p in paragraphs:
        for s in _SENTENCE.split(" ".join(p.text.split())):
            if len(s.split()) >= 5:
                sentences[s] = None
        acronyms.update(dict.fromkeys(_ACRONYM.findall(p.text)))
    if len(sentences) < 20 or not acronyms:
        raise ValueError(
            f"only {len(sentences)} sentences and {len(acronyms)} acronyms in the source "
            "paragraphs: parse the DoD samples (../shared/dod-samples) first"
        )
    return Pools(tuple(sentences), tuple(acronyms))


class Generator:
    """Seed texts recombined from real sentences, and variants of them."""

    def __init__(self, pools: Pools, seed: int = 0) -> None:
        self.pools = pools
        self.rng = random.Random(seed)

    def seed_text(self) -> str:
        """1-4 sentences drawn from anywhere in the corpus, numbers and acronyms swapped."""
        picked = self.rng.sample(self.pools.sentences, self.rng.randint(1, 4))
        return self._swap(" ".join(picked))

    def variant(self, text: str) -> str:
        """A near relative of `text`: one sentence replaced, order shuffled, tokens swapped.

        Near, not identical: the variant keeps most of its seed's words, as an amended
        paragraph in another issuance would, so its vector is derived from the seed's.
        """
        parts = _SENTENCE.split(text)
        if len(parts) > 1:
            parts[self.rng.randrange(len(parts))] = self.rng.choice(self.pools.sentences)
            self.rng.shuffle(parts)
        else:
            parts.append(self.rng.choice(self.pools.sentences))
        return self._swap(" ".join(parts))

    def _swap(self, text: str) -> str:
        """Replace each number and, with even odds, each acronym by a random other one."""
        text = _NUMBER.sub(lambda m: str(self.rng.randint(1, 10 ** len(m.group()) - 1)), text)

        def acronym(m: re.Match[str]) -> str:
            return self.rng.choice(self.pools.acronyms) if self.rng.random() < 0.5 else m.group()

        return _ACRONYM.sub(acronym, text)


def texts(n: int, n_seeds: int, gen: Generator) -> list[str]:
    """`n` paragraph texts: the first `n_seeds` are seeds, paragraph i > n_seeds varies seed
    i % n_seeds (see `seed_of`)."""
    seeds = [gen.seed_text() for _ in range(min(n, n_seeds))]
    return seeds + [gen.variant(seeds[i % n_seeds]) for i in range(len(seeds), n)]


def seed_of(n: int, n_seeds: int) -> np.ndarray:
    """Index of the seed each of `n` paragraphs was derived from (itself for seeds)."""
    return np.arange(n) % n_seeds


def documents(all_texts: list[str]) -> Iterator[ParsedDocument]:
    """Wrap texts, in order, into fictional modern-template issuances of `_PER_DOC` paragraphs."""
    for d, start in enumerate(range(0, len(all_texts), _PER_DOC)):
        doc_id = f"DoDI {9000 + d // 100}.{d % 100:02d}"
        chunk = all_texts[start : start + _PER_DOC]
        pages = 1 + len(chunk) // 4
        doc = Document(
            doc_id=doc_id,
            title=f"FICTIONAL SCALE TEST ISSUANCE {d}",
            effective="January 1, 2025",
            changes=(),
            template="modern",
            source=f"synthetic-{d:04d}.txt",
            sha256=f"{d:064x}",
            pages=pages,
        )
        paragraphs = tuple(_paragraph(doc_id, j, text) for j, text in enumerate(chunk))
        yield ParsedDocument(doc, paragraphs)


# Each block of six paragraphs is one n.m. paragraph with lettered and numbered children.
_BLOCK = ("", ".a", ".b", ".b.(1)", ".b.(2)", ".c")


def _paragraph(doc_id: str, j: int, text: str) -> Paragraph:
    """Paragraph `j` of a synthetic issuance: path, parent, heading trail and page."""
    section, m = 1 + j // 30, 1 + (j % 30) // 6
    base = f"{section}.{m}"
    path = base + _BLOCK[j % 6]
    parent = str(section) if path == base else path.rsplit(".", 1)[0]
    heading = (f"SECTION {section}: FICTIONAL PROCEDURES", f"{base}. Fictional Topic {m}.")
    return Paragraph(
        doc_id=doc_id,
        path=path,
        kind=Kind.PARAGRAPH,
        heading=heading,
        title="",
        text=text,
        pages=(1 + j // 4,),
        parent=parent,
    )


DERIVED_BLOCK = 50_000  # derived rows per block: bounds the (block, variants) noise matrix


def derive_vectors(
    real: np.ndarray, n_seeds: int, owners: np.ndarray, seed: int = 0
) -> Iterator[np.ndarray]:
    """Vectors for every paragraph, in blocks of consecutive rows: real ones where embedded,
    derived from the seed elsewhere.

    The first `n_seeds` rows of `real` are seed embeddings; the rest are real embeddings of the
    first variants, whose displacements from their seeds (variant - seed) sample how a text
    variant moves a vector. A derived vector is its seed plus a random Gaussian combination of
    those measured displacements (same second-moment matrix, so the noise stays in the
    directions real variants move along instead of spreading over all 384 dimensions as
    isotropic noise would), scaled so that derived vectors are on average as similar to their
    seed as the real variants are, then renormalised. Blocks, as an embedder streams its parts:
    a build holds one block, not a million rows (index.assemble).

    Args:
        real: (n_real, d) float32 unit vectors of paragraphs 0..n_real-1.
        n_seeds: how many leading rows are seeds; n_real - n_seeds must be >= 2.
        owners: (n,) seed index of every paragraph, from `seed_of`.
        seed: RNG seed, so a run is reproducible.

    Yields:
        float32 unit vectors of rows 0..n_real-1 (`real` unchanged), then of each block of
        DERIVED_BLOCK rows after them.
    """
    n_real = len(real)
    yield real[: len(owners)]
    moves = real[n_seeds:] - real[owners[n_seeds:n_real]]
    rng = np.random.default_rng(seed)
    scale = noise_scale(real, n_seeds, owners) / math.sqrt(len(moves))
    for start in range(n_real, len(owners), DERIVED_BLOCK):
        stop = min(len(owners), start + DERIVED_BLOCK)
        z = rng.standard_normal((stop - start, len(moves)), dtype=np.float32)
        block = real[owners[start:stop]] + (z @ moves) * scale
        yield block / np.linalg.norm(block, axis=1, keepdims=True)


def noise_scale(real: np.ndarray, n_seeds: int, owners: np.ndarray) -> float:
    """Factor on the displacement noise that matches the real variants' mean cosine c.

    A derived vector normalise(seed + s * noise), noise nearly orthogonal to the seed, has
    cosine ~ 1 / sqrt(1 + s^2 |noise|^2) to it, and E|noise|^2 is the mean squared
    displacement m2; so s = sqrt((1 / c^2 - 1) / m2).
    """
    variants, seeds = real[n_seeds:], real[owners[n_seeds : len(real)]]
    c = float(np.mean(np.sum(variants * seeds, axis=1)))
    m2 = float(np.mean(np.sum((variants - seeds) ** 2, axis=1)))
    return math.sqrt((1 / c**2 - 1) / m2)
