import pytest


@pytest.fixture
def reference_data(db):
    """Only what office reports need: the offices and the report types (not 1,788 local governments)."""
    from offices import reference_data

    reference_data.load()
