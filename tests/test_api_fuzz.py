"""schemathesis against `/api/schema/`: every operation, fuzzed in-process through Django's WSGI app with a district
clerk's and the city administrator's tokens, must give no server error and answer as the schema says (status
code, content type, body).

The data is the Yingkou demo (projects, lists, plans, monthly reports, growth targets), so reads return real rows
and writes meet real dependencies (deleting a project with reports is a 409). Examples are bounded per operation
and derandomised, so a run takes the same requests every time; writes are rolled back with the test.
"""

from collections import defaultdict

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.testing import user_for

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
# Examples per operation: schema-conforming requests, then requests that break the schema on purpose.
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 25, schemathesis.GenerationMode.NEGATIVE: 10}


@pytest.fixture
def wsgi_app(demo_data, db):
    """Django's WSGI app answering inside the test's transaction: the handler would otherwise close the test's
    database connection at the end of each request, as Django's own test client also prevents."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def fuzz_operation(operation, mode, examples: int, headers: dict, failures: dict) -> int:
    """Send `examples` generated requests (of `mode`) to one operation; adds what fails to `failures`, returns the
    number of requests sent."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal sent
        sent += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                kind = "server errors" if isinstance(failure, ServerError) else "schema violations"
                failures[kind].add((operation.label, failure.title, case.as_curl_command(headers=headers)))

    try:
        run()
    except Unsatisfiable:
        # An operation with nothing to break (no parameters, no body) has no negative examples.
        assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
    return sent


def fuzz(app, token: str) -> dict:
    """Run every operation of the schema with bounded examples; returns counts and the distinct failures."""
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers=headers)
    failures = defaultdict(set)  # kind → {(operation, failure title, reproduction)}
    operations = requests = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode, examples in EXAMPLES.items():
            requests += fuzz_operation(operation, mode, examples, headers, failures)
    return {"operations": operations, "requests": requests, "failures": failures}


@pytest.mark.parametrize("role", ["byq", "admin"])
def test_api_answers_as_its_schema_says(role, wsgi_app):
    token, _ = Token.objects.get_or_create(user=user_for(role))
    outcome = fuzz(wsgi_app, token.key)
    server_errors = sorted(outcome["failures"]["server errors"])
    violations = sorted(outcome["failures"]["schema violations"])
    print(
        f"\nschemathesis as {role}: {outcome['operations']} operations, {outcome['requests']} requests, "
        f"{len(server_errors)} server errors, {len(violations)} schema violations"
    )
    assert outcome["operations"] >= 50
    assert server_errors == [], "\n".join(map(str, server_errors))
    assert violations == [], "\n".join(map(str, violations))
