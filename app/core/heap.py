"""What a long-running process does with its heap once it has loaded what it keeps.

A layer page builds thousands of dicts and lists. Python's cyclic garbage collector then
now and again walks every object the process holds (the server's are about 180,000:
the spaCy pipeline, the gazetteer, SQLAlchemy's metadata), which added 40-60 ms to about
one page of 1,000 events in ten (``docs/performance.md``, at 5,000,000 events). Objects
that live as long as the process are moved out of the collector's sight once, after
start-up (``gc.freeze``: a permanent generation that no later collection walks); what
requests create is collected as before.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> int:
    """Collect what start-up left over, then freeze the rest; how many objects were
    frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
