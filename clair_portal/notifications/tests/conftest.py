import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start each test in English: a request to /ja/ leaves Japanese active in the thread."""
    with translation.override("en"):
        yield
