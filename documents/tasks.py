"""Background work: issuing a document (its numbers, frozen content and files take seconds for a circular with
charts, longer for a work report), run by `gongjian db_worker`; the document page shows the progress."""

from django_tasks import task


@task()
def issue_document(document_id: int, user_id: int | None) -> dict:
    """Issue the draft `document_id` as `user_id` (documents.services.issue); returns its number."""
    from django.core.exceptions import ValidationError

    from core.models import User
    from documents.choices import TaskState
    from documents.models import Document
    from documents.services import issue, record_progress

    document = Document.objects.get(pk=document_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        issued = issue(document, user)
    except ValidationError as error:
        record_progress(document, 0, TaskState.FAILED, "；".join(error.messages)[:300])
        return {"number": None, "error": error.messages}
    return {"number": issued.number, "error": None}
