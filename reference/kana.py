"""One kana-to-romaji converter per process, made on first use.

pykakasi's converter loads its dictionaries when it is made: 120 MB and most of
a second. Made at import time, every process paid for it, the Celery worker and
a bulk import included, though only reference data loading and the partner
search ever convert kana.
"""

import functools

import pykakasi


@functools.cache
def kakasi() -> pykakasi.kakasi:
    return pykakasi.kakasi()
