"""The OpenAPI schema states the error answers the API really gives, so clients (and the schemathesis test) can
rely on it: 400 for bad input, 403 for a refused action, 404 for a row outside the caller's scope, 409 for a row
that others depend on."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR_DETAIL = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})

ERROR_DESCRIPTIONS = {
    "400": "输入有误：各字段（或 non_field_errors）对应的错误信息列表",
    "403": "未登录，或无权执行此操作",
    "404": "对象不存在或不在您的管辖范围内",
    "409": "有其他数据依赖此对象，不能删除",
}

# A 400 names each field (or query parameter) with its messages; nested rows may nest objects.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": ERROR_DESCRIPTIONS["400"],
}


class GongjianAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error responses each operation can give."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            if code in responses:
                continue
            if code == "400":
                responses[code] = {
                    "content": {"application/json": {"schema": VALIDATION_ERRORS}},
                    "description": ERROR_DESCRIPTIONS[code],
                }
            else:
                response = self._get_response_for_code(ERROR_DETAIL, code)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return operation

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        codes = ["403"]
        if parameters or "requestBody" in operation:
            codes.append("400")
        if any(parameter.get("in") == "path" for parameter in parameters):
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        return sorted(codes)
