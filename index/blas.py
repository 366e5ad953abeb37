"""One BLAS thread for the small matrix products of a query.

numpy's OpenBLAS splits even a 12x384 by 384x384 product over every core; on this shared
2-core machine the second thread is usually busy, and the product waits for it: 0.34 ms on one
thread, 5-28 ms on two; the 384x128 QR of the token projection took 4.7 s instead of 1 ms. A
query does nothing but such products, and concurrency comes from serving many queries at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _controller() -> Any:
    """threadpoolctl's handle on the BLAS libraries loaded so far (numpy's OpenBLAS)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_thread() -> Any:
    """Limit BLAS to one thread: as a context manager for a block, or, called bare, from now on."""
    return _controller().limit(limits=1, user_api="blas")
