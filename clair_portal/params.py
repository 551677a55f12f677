"""Reading the query string of list pages: whatever arrives, a value or the default.

PostgreSQL refuses a NUL byte in text and an integer beyond its column's range
with an error, which would surface as a 500; these helpers keep both out.
"""

INT_MAX = 2**31 - 1


def int_param(request, name: str, *, default=None, low: int = 0, high: int = INT_MAX):
    """The whole number in ``request.GET[name]`` if it lies in [low, high], else ``default``."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return value if low <= value <= high else default


def text_param(request, name: str, *, max_length: int = 100) -> str:
    """The text in ``request.GET[name]``, trimmed, cut to ``max_length``, without NUL bytes."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]
