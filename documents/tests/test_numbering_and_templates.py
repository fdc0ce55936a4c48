"""发文字号: allocated one after another per issuing body and year, never twice even when documents are issued at
the same moment (PostgreSQL, threads); a city's Word template is checked by rendering it on upload."""

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from docx import Document as Docx

from core.testing import user_for
from documents.docx_template import build_default_template
from documents.models import DocumentTemplate, IssuingBody, NumberSequence
from documents.services import active_template


def _body(name="测试发文机关"):
    return IssuingBody.objects.create(name=name, mark=f"{name}文件", number_prefix="测发", signature=name)


@pytest.mark.django_db
def test_numbers_follow_on_per_body_and_year_in_the_standards_form():
    body, other = _body(), _body("另一机关")
    assert [NumberSequence.allocate(body, 2024) for _ in range(3)] == [1, 2, 3]
    assert NumberSequence.allocate(body, 2025) == 1
    assert NumberSequence.allocate(other, 2024) == 1
    assert body.number(2024, 12) == "测发〔2024〕12号"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)")
def test_numbers_allocated_at_once_never_repeat():
    body = _body("并发测试机关")
    found, errors = [], []

    def take():
        from django.db import connection as own

        try:
            for _ in range(5):
                found.append(NumberSequence.allocate(body, 2024))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(found) == list(range(1, 31))


def _template_bytes(tmp_path, edit=None) -> bytes:
    path = tmp_path / "t.docx"
    build_default_template(path)
    if edit:
        document = Docx(path)
        edit(document)
        document.save(path)
    return path.read_bytes()


def _upload(client, data: bytes, name="t.docx"):
    return client.post(
        reverse("documents:documenttemplate_add"),
        {"kind": "circular", "name": "本市模板", "file": SimpleUploadedFile(name, data), "is_active": "on"},
    )


@pytest.mark.django_db
def test_a_template_edited_in_word_is_accepted_and_used(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def retitle(document):
        document.paragraphs[0].runs[0].text = "{{ mark }}"  # as Word keeps it
        document.add_paragraph("本市附注")

    client.force_login(user_for("admin"))
    response = _upload(client, _template_bytes(tmp_path, retitle))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert active_template("circular") == DocumentTemplate.objects.get().file.path


@pytest.mark.django_db
def test_a_template_without_the_body_placeholder_is_refused_with_a_reason(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def drop_body(document):
        for paragraph in document.paragraphs:
            if "body" in paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)

    client.force_login(user_for("admin"))
    response = _upload(client, _template_bytes(tmp_path, drop_body))
    assert response.status_code == 400
    assert "缺少正文占位符" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_and_bad_placeholders_are_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_for("admin"))
    assert "模板无法生成公文" in _upload(client, b"not a word file").content.decode()

    def bad_jinja(document):
        document.add_paragraph("{{ title ")

    assert "模板无法生成公文" in _upload(client, _template_bytes(tmp_path, bad_jinja)).content.decode()
    assert not DocumentTemplate.objects.exists()


@pytest.mark.django_db
def test_only_the_city_uploads_templates(client):
    client.force_login(user_for("leader"))
    assert client.get(reverse("documents:documenttemplate_add")).status_code == 403


def test_the_shipped_template_is_the_generated_one(tmp_path):
    """documents/docx/default.docx is what build_default_template writes (rebuild it after changing the code)."""
    from documents.render import DEFAULT_TEMPLATE

    shipped = Docx(DEFAULT_TEMPLATE)
    fresh = Docx(io.BytesIO(_template_bytes(tmp_path)))
    assert [p.text for p in shipped.paragraphs] == [p.text for p in fresh.paragraphs]
    assert {s.name for s in shipped.styles} == {s.name for s in fresh.styles}
