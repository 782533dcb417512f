"""Index levels from stored constituent closes: the one implementation D02 (index-tracking ETPs)
and D03 (published index levels and weights) share, so the two always agree."""

from __future__ import annotations

import numpy as np

from datasets.universe import IndexSpec


def target_weights(spec: IndexSpec, closes: np.ndarray, caps: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Weights at a rebalance, over the members ``present`` (listed with a close)."""
    if spec.weighting == "equal":
        raw = np.ones(len(present))
    elif spec.weighting == "cap":
        raw = caps.astype(float).copy()
    elif spec.weighting == "price":
        raw = np.nan_to_num(closes)
    elif spec.weighting == "custom":
        raw = np.array(spec.custom_weights, dtype=float)
    else:
        raise ValueError(f"{spec.code}: no weighting for {spec.weighting!r}")
    raw = np.where(present, raw, 0.0)
    return raw / raw.sum()


def index_levels(
    spec: IndexSpec,
    months: np.ndarray,
    closes: np.ndarray,
    ratios: np.ndarray,
    caps: np.ndarray,
    decimals: int | None = 4,
) -> tuple[np.ndarray, np.ndarray]:
    """Levels (rounded to ``decimals`` dp; unrounded when None) and index shares per session of
    ``spec``'s venue. D02's index-tracking funds use the 4 dp chain; D03 publishes the unrounded
    chain, so that its level identity holds to floating-point precision.

    ``closes`` and ``ratios`` are sessions x members (NaN close = not listed; ratio = split
    ratio on ex-dates, else 1). Shares are set at the first session and at the first session of
    every month (and when membership changes) so that each member's weight equals its target;
    between rebalances shares are only scaled by splits. level_t = sum(shares * close_t).
    """
    n_sess, n_mem = closes.shape
    levels = np.empty(n_sess)
    shares_hist = np.zeros((n_sess, n_mem))
    shares = np.zeros(n_mem)
    present_prev = np.zeros(n_mem, dtype=bool)
    last_close = np.zeros(n_mem)
    for t in range(n_sess):
        present = ~np.isnan(closes[t])
        if t == 0:
            level = spec.base_level
        else:
            shares = shares * ratios[t]
            # a member that stopped trading is valued at its last close until it is dropped
            priced = np.where(present, closes[t], last_close / ratios[t])
            level = float(np.sum(np.where(present_prev, shares * priced, 0.0)))
            if decimals is not None:
                level = float(np.round(level, decimals))
        if t == 0 or months[t] != months[t - 1] or (present != present_prev).any():
            weights = target_weights(spec, closes[t], caps, present)
            shares = np.where(present, level * weights / np.where(present, closes[t], 1.0), 0.0)
        levels[t] = level
        shares_hist[t] = shares
        present_prev = present
        last_close = np.where(present, closes[t], last_close / ratios[t])
    return levels, shares_hist
