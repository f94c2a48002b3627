"""Process tuning applied when the API starts serving."""

from __future__ import annotations

import gc

# A storefront page allocates a few thousand short-lived objects per request; with the
# default thresholds the cyclic collector ran many times a request and took 10-12% of the
# server's CPU (py-spy, bench/RESULTS.md). Freezing what startup built (schema, tables,
# modules) keeps it out of every collection; a larger first threshold makes collections rare.
GEN0_THRESHOLD = 50_000


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, max(gen1, 50), max(gen2, 100))
