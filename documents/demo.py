"""The demo's issuing body (营口市发展和改革委员会, numbering 营发改发〔年〕N号) and one real circular: April 2024's,
issued on 10 May 2024 on the ranking the race demo published, so the archive and the document list are not empty."""

import datetime as dt

from documents.models import IssuingBody

ISSUED_PERIOD = "2024-04"
ISSUED_ON = dt.date(2024, 5, 10)


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
    issue_circular()


def issue_circular() -> None:
    """April 2024's circular issued as a Document with its 发文字号 (skipped when one is issued already). Its files
    are not stored: the downloads render them from the frozen content (a demo load stays quick)."""
    from documents.choices import DocumentKind, DocumentStatus
    from documents.models import Document
    from documents.services import draft, issue

    kind = DocumentKind.CIRCULAR
    if Document.objects.filter(kind=kind, period=ISSUED_PERIOD, status=DocumentStatus.ISSUED).exists():
        return
    issue(draft(kind, ISSUED_PERIOD), on=ISSUED_ON, files=False)
