"""The ``zones`` hook: an office member reads times in their office's zone."""

from offices.services.access import office_of


def viewer_zone(user):
    office = office_of(user)
    return office.timezone if office is not None else None
