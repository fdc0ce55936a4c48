"""The shared upload limit: a form error naming the file and the limit, and no oversized file stored on disk."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest

from core.uploads import LimitedUploadHandler, max_upload_bytes, validate_upload_size


def test_limit_comes_from_settings(settings):
    settings.GONGJIAN_MAX_UPLOAD_MB = 2
    assert max_upload_bytes() == 2 * 2**20
    validate_upload_size(SimpleUploadedFile("ok.xlsx", b"x" * (2 * 2**20)))
    with pytest.raises(ValidationError) as caught:
        validate_upload_size(SimpleUploadedFile("big.xlsx", b"x" * (2 * 2**20 + 1)))
    assert caught.value.messages == [
        "文件「big.xlsx」大小为 2.0\xa0MB，超过上传上限 2.0\xa0MB；请压缩或分成几个文件后再上传。"
    ]


def test_the_handler_stores_no_more_than_the_limit_but_keeps_the_true_size(settings):
    settings.GONGJIAN_MAX_UPLOAD_MB = 0.001  # 1,048 bytes
    handler = LimitedUploadHandler(HttpRequest())
    handler.new_file("file", "big.xlsx", "application/octet-stream", 10_000)
    chunk = b"y" * 1000
    for start in range(0, 10_000, 1000):
        handler.receive_data_chunk(chunk, start)
    upload = handler.file_complete(10_000)
    try:
        assert upload.size == 10_000
        assert Path(upload.temporary_file_path()).stat().st_size == 1000
        with pytest.raises(ValidationError, match="超过上传上限"):
            validate_upload_size(upload)
    finally:
        upload.close()


@pytest.mark.django_db
def test_a_large_upload_through_the_request_is_refused_on_the_form(login, settings, tmp_path):
    """3 MB posted (more than stays in memory) against a 1 MB limit: a 400 with the message, not a 500."""
    settings.GONGJIAN_MAX_UPLOAD_MB = 1
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("big.csv", b"name,total\n" + b"a,1\n" * (3 * 2**20 // 4))
    response = login("admin").post("/projects/import/", {"file": upload})
    assert response.status_code == 400
    assert "超过上传上限 1.0\xa0MB" in " ".join(response.context["form"].errors["file"])
    assert not list(Path(tmp_path).rglob("upload.*"))  # nothing was kept as an import job
