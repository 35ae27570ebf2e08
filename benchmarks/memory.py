"""Peak resident memory of one measured run, not of the whole benchmark process.

``ru_maxrss`` only ever grows, so a second run in the same process would report the first run's
peak (or the set-up's). On Linux, writing 5 to /proc/self/clear_refs resets the high-water mark
(VmHWM), so each run gets its own. Elsewhere the figure falls back to ``ru_maxrss``.
"""

from __future__ import annotations

import gc
import resource
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def reset_peak() -> bool:
    """Free what the last run left and start a new high-water mark; False where that can't be."""
    gc.collect()
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def peak_mb() -> float:
    """The high-water mark of resident memory since ``reset_peak`` (or since the start), in MB."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
