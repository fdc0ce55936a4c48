"""Private uploaded files (site photos, import uploads): random stored names, and the one way they leave the server.

Nothing under MEDIA_ROOT is served as static files in any mode. An app's view finds the object through the
permission policy (a user who may not see it gets 404) and hands the file to `serve`, which every private file
passes through on its way out.
"""

import re
import uuid
from pathlib import Path

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from core import audit
from core.models.audit import AuditAction

# Shown in the browser with their own type; anything else is offered as a download that is never rendered.
INLINE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


def random_name(filename: str) -> str:
    """A stored name nobody can guess (uuid4), keeping only a short lower-case extension of the uploaded name."""
    suffix = Path(filename).suffix.lower()
    return uuid.uuid4().hex + (suffix if _SUFFIX.fullmatch(suffix) else "")


def safe_download_name(name: str, fallback: str) -> str:
    """A file name for Content-Disposition: letters (Chinese included), digits, dot, dash and underscore only."""
    cleaned = _UNSAFE_NAME.sub("_", Path(name).name).strip("._")
    return cleaned[:100] or fallback


def serve(request, obj, file, *, download_name: str) -> FileResponse:
    """Send `file` (a FieldFile or a Path) that belongs to `obj`, already checked as visible to `request.user`.

    Images go inline with their own type, everything else as an attachment of type application/octet-stream;
    `nosniff` stops a browser from guessing another type, and the sandbox CSP keeps anything it does render
    from running scripts. This is the single place every private file is handed out.
    """
    path = Path(file.name if hasattr(file, "storage") else file)
    content_type = INLINE_TYPES.get(path.suffix.lower())
    try:
        handle = file.open("rb")
    except (FileNotFoundError, IsADirectoryError, ValueError) as missing:
        raise Http404(_("文件不存在。")) from missing
    response = FileResponse(
        handle,
        as_attachment=content_type is None,
        filename=safe_download_name(download_name, fallback=path.name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit.record(request, AuditAction.DOWNLOAD, obj, file=path.name)
    return response
