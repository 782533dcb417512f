"""Random streams: one child of the root seed per (stream, variant), derived stably.

``SeedSequence(ROOT_SEED, spawn_key=(stream, variant, *extra))`` is a pure function of its
arguments, so regenerating one dataset (or one security inside it) never shifts another's draws.
Stream numbers are part of the data's identity: never renumber them.
"""

from __future__ import annotations

import numpy as np

ROOT_SEED = 20370612
"""Root of every random stream (the sell-off's first day, as an integer)."""

# Stream numbers. Datasets use their own number (D01 -> 1 ... D15 -> 15).
ENGINE_STREAM = 0
"""The shared factor model (market, chip, region, crypto factors, FX)."""
UNIVERSE_STREAM = 100
"""Variant-independent choices: filler names and tickers of the security universe."""


def generator(stream: int, variant: int, *extra: int) -> np.random.Generator:
    """A numpy Generator for ``stream`` in ``variant``; ``extra`` keys sub-streams (e.g. a security id)."""
    seq = np.random.SeedSequence(ROOT_SEED, spawn_key=(stream, variant, *extra))
    return np.random.Generator(np.random.PCG64(seq))


def dataset_stream(dataset_id: str) -> int:
    """Stream number of a dataset id such as ``"D02"`` (-> 2)."""
    return int(dataset_id[1:])
