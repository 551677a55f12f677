"""The sister-city app's rows of the access matrix: everything here is open data."""

PUBLIC = {
    "sistercities:search",
    "sistercities:detail",
    "sistercities:download",
    "sistercities:gaps",
    "api:affiliation-list",
    "api:affiliation-detail",
    "api:local-government-list",
    "api:local-government-detail",
}

MATRIX = {}
