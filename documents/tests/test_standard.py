"""The standard page tests (core.testcases) for documents' models, declared as data.

Issuing bodies and templates are the city's reference data. A document's own pages are its list and detail (a
draft is the city's alone); drafting goes through the add page's kind and period, tested in test_demo_circular.
"""

import io

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from core.testing import StandardAPITests, StandardViewTests, user_for
from documents.docx_template import build_default_template
from documents.models import Document, DocumentTemplate, IssuingBody, SentenceTemplate

pytestmark = pytest.mark.django_db


def issuing_body(name="标准测试发文机关") -> IssuingBody:
    return IssuingBody.objects.create(name=name, mark=f"{name}文件", number_prefix="标测发", signature=name)


def template_bytes(tmp_path) -> bytes:
    path = tmp_path / "standard.docx"
    build_default_template(path)
    return path.read_bytes()


class TestIssuingBodyViews(StandardViewTests):
    model = IssuingBody

    def make(self):
        return issuing_body()

    def form_data(self):
        return {
            "name": "营口市重大项目建设指挥部办公室",
            "mark": "营口市重大项目建设指挥部办公室文件",
            "number_prefix": "营重建办发",
            "signature": "营口市重大项目建设指挥部办公室",
            "printer": "营口市重大项目建设指挥部办公室",
            "copies_to": "市委办公室，市人大常委会办公室",
            "addressee": "各县（市）区人民政府：",
        }


class TestDocumentViews(StandardViewTests):
    model = Document

    def make(self):
        return Document.objects.create(
            kind="circular", period="2024-05", year=2024, issuing_body=issuing_body(), title="标准测试公文草稿"
        )

    def test_create_saves_the_posted_values(self, client):
        pytest.skip("the add page drafts from a kind and a period (test_demo_circular), not from model fields")


class TestDocumentTemplateViews(StandardViewTests):
    model = DocumentTemplate

    @pytest.fixture(autouse=True)
    def _template_file(self, tmp_path):
        self.docx = template_bytes(tmp_path)

    def make(self):
        return DocumentTemplate.objects.create(
            kind="circular", name="标准测试模板", file=File(io.BytesIO(self.docx), "standard.docx")
        )

    def form_data(self):
        return {
            "kind": "circular",
            "name": "市里改过的月通报模板",
            "file": SimpleUploadedFile("city.docx", self.docx),
            "is_active": "on",
        }

    def test_reader_cannot_change(self, client):
        """Templates are the city's alone: a leader neither sees nor changes one (404, as for any hidden row)."""
        template = self.make()
        client.force_login(user_for(self.reader))
        assert client.get(self.url("", template.pk)).status_code == 404
        assert client.post(self.url("_edit", template.pk), self.form_data()).status_code == 404
        assert client.post(self.url("_delete", template.pk)).status_code == 404
        assert DocumentTemplate.objects.filter(pk=template.pk, name="标准测试模板").exists()


class TestIssuingBodyAPI(StandardAPITests):
    model = IssuingBody
    update_data = {"signature": "营口市发展和改革委员会"}

    def make(self):
        return issuing_body()

    def create_data(self):
        return {
            "name": "接口发文机关",
            "mark": "接口发文机关文件",
            "number_prefix": "接发",
            "signature": "接口发文机关",
        }


class TestDocumentAPI(StandardAPITests):
    model = Document
    read_only = True  # drafted by kind and period (POST tested in test_demo_circular), never edited in place

    def make(self):
        return TestDocumentViews.make(self)


class TestDocumentTemplateAPI(StandardAPITests):
    model = DocumentTemplate
    read_only = True  # uploaded through the page, which checks the file renders
    reader = "admin"  # templates are the city's alone

    @pytest.fixture(autouse=True)
    def _template_file(self, tmp_path):
        self.docx = template_bytes(tmp_path)

    def make(self):
        return TestDocumentTemplateViews.make(self)


class TestSentenceTemplateViews(StandardViewTests):
    model = SentenceTemplate

    @pytest.fixture(autouse=True)
    def _no_seeded_rows(self):
        """The migration seeds every shipped wording; these tests make and post their own."""
        SentenceTemplate.objects.all().delete()

    def make(self):
        return SentenceTemplate.objects.create(kind="midyear", key="bullet", text="{name}为{value}")

    def form_data(self):
        return {"kind": "midyear", "key": "headline.growth", "text": "比上年同期{growth}"}

    def test_reader_cannot_change(self, client):
        """Wordings are the city administrators' alone: a leader neither sees nor changes one (404)."""
        wording = self.make()
        client.force_login(user_for(self.reader))
        assert client.get(self.url("", wording.pk)).status_code == 404
        assert client.post(self.url("_edit", wording.pk), self.form_data()).status_code == 404
        assert client.post(self.url("_delete", wording.pk)).status_code == 404
        assert SentenceTemplate.objects.get(pk=wording.pk).text == "{name}为{value}"


class TestSentenceTemplateAPI(StandardAPITests):
    model = SentenceTemplate
    reader = "admin"  # wordings are the city administrators' alone: nobody else reads them
    update_data = {"text": "{name}达{value}"}

    @pytest.fixture(autouse=True)
    def _no_seeded_rows(self):
        SentenceTemplate.objects.all().delete()

    def make(self):
        return TestSentenceTemplateViews.make(self)

    def create_data(self):
        return TestSentenceTemplateViews.form_data(self)

    def test_reader_is_refused(self):
        """A leader neither reads nor writes a wording: the list is refused (403), a row is not there (404)."""
        wording = self.make()
        api = self.api("leader")
        assert api.get(self.url("list")).status_code == 403
        assert api.get(self.url("detail", wording.pk)).status_code in (403, 404)
        assert api.patch(self.url("detail", wording.pk), self.update_data, format="json").status_code in (403, 404)
        assert SentenceTemplate.objects.get(pk=wording.pk).text == "{name}为{value}"
