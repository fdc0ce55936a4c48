"""The one size limit every upload form applies (project import, month Excel round trip, site photos).

settings.GONGJIAN_MAX_UPLOAD_MB (environment variable of the same name, default 20) sets it. Django spools a large
upload to a temporary file, never into memory; `LimitedUploadHandler` stops writing that file at the limit (the
rest is counted, not stored), and the form then refuses it by its size with a message, not a 500. The reverse
proxy in front should still refuse request bodies far above the limit, so that they are not even received.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
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


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Stores an upload on disk only up to the limit; beyond it bytes are counted, not kept, so no disk fills up.

    The uploaded file keeps its true size, by which `validate_upload_size` refuses it.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = max_upload_bytes()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.file.write(raw_data)
