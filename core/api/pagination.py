"""API pagination: limit/offset with a ceiling, so one request cannot ask for the whole database at once."""

from rest_framework.pagination import LimitOffsetPagination

MAX_PAGE_SIZE = 500


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` above MAX_PAGE_SIZE is served as MAX_PAGE_SIZE; an offset beyond the end gives an empty page."""

    max_limit = MAX_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = f"每页条数（最多 {MAX_PAGE_SIZE}，缺省 {self.default_limit}）"
        return parameters
