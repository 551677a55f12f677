"""What every part of the JET services shares: the refusal they raise, and chunking."""

from itertools import islice

from clair_portal.errors import DomainError


def batched(iterable, size):
    """Tuples of up to ``size`` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(iterable)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


class JetError(DomainError):
    """A refusal the user may be told about; ``message`` is a lazy translated string."""
