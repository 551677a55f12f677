PUBLIC = {
    "offices:directory",
    "api:office-list",
    "api:office-detail",
}

MATRIX = {}
