"""The one size limit every upload form applies (project import, month Excel round trip, site photos).

settings.GONGJIAN_MAX_UPLOAD_MB (environment variable of the same name, default 20) sets it. Django spools a large
upload to a temporary file on disk, never into memory, and the form then refuses it with a message, not a 500;
the reverse proxy in front should refuse request bodies much above the same size so that none is stored at all.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_MB = 20


def max_upload_bytes() -> int:
    """The largest file any form accepts, in bytes."""
    return int(getattr(settings, "GONGJIAN_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB) * 2**20)


def upload_limit_text() -> str:
    """The limit as a clerk reads it ("20.0 MB"), for help texts."""
    return filesizeformat(max_upload_bytes())


def validate_upload_size(upload) -> None:
    """Refuse a file larger than the configured limit, naming the file, its size and the limit."""
    if upload is not None and upload.size > max_upload_bytes():
        raise ValidationError(
            _("文件「%(name)s」大小为 %(size)s，超过上传上限 %(limit)s；请压缩或分成几个文件后再上传。")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": upload_limit_text()},
            code="file_too_large",
        )
