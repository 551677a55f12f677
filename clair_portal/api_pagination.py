"""The public API's pages: 50 rows with ``count``, ``next`` and ``previous``, from page 1.

Its own module: DRF imports the pagination class while it is still setting up
its generic views, before the schema module (which needs them) can load.
"""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 with ``count``, ``next`` and ``previous``; pages are numbered from 1."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
        return parameters
