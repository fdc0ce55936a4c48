"""Query counts of the document pages do not grow with the archive: the list, the API list and an issued document's
page answer with as many queries for 2 documents as for 12 (the second request of each is counted)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import user_for
from documents.models import Document, IssuingBody
from documents.tests.helpers import sample_content

pytestmark = pytest.mark.django_db


def _grow(body, to: int) -> Document:
    content = sample_content().as_json()
    while Document.objects.count() < to:
        n = Document.objects.count() + 1
        Document.objects.create(
            kind="circular",
            period=f"2024-{(n - 1) % 12 + 1:02d}",
            year=2024,
            issuing_body=body,
            title=f"查询计数公文{n}",
            status="issued",
            serial=n,
            number=body.number(2024, n),
            content=content,
        )
    return Document.objects.order_by("pk").first()


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["admin", "gz"])
def test_document_pages_do_not_grow_with_the_archive(client, role):
    body = IssuingBody.objects.create(name="计数机关", mark="计数机关文件", number_prefix="计发", signature="计数机关")
    client.force_login(user_for(role))
    first = _grow(body, 2)
    urls = ["/documents/", "/api/documents/documents/", f"/documents/{first.pk}/"]
    small = [_count(client, url) for url in urls]
    _grow(body, 12)
    large = [_count(client, url) for url in urls]
    assert small == large
