"""The demo's issuing body: 营口市发展和改革委员会, numbering 营发改发〔年〕N号."""

from documents.models import IssuingBody


def load_documents() -> None:
    """The city's 发改委 as the default issuing body of circulars and reports."""
    IssuingBody.objects.update_or_create(
        name="营口市发展和改革委员会",
        defaults={
            "mark": "营口市发展和改革委员会文件",
            "number_prefix": "营发改发",
            "signature": "营口市发展和改革委员会",
            "printer": "营口市发展和改革委员会办公室",
            "copies_to": "市委办公室，市人大常委会办公室，市政府办公室，市政协办公室",
            "addressee": "各县（市）区人民政府，各功能区管委会，市政府各有关部门：",
            "is_default": True,
        },
    )
