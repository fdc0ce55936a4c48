"""`gongjian document KIND --period P -o FILE.docx|FILE.pdf|FILE.html` (KIND: circular, quarterly, annual,
work-report, midyear): the same documents the web pages draft, written to a file; `gongjian document
build-template -o FILE.docx` writes the shipped GB/T 9704 Word template (the one a city starts its own from)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents.choices import DocumentKind, OutputFormat
from documents.docx_template import build_default_template


class Command(BaseCommand):
    help = "生成公文（月通报、季总结、年考核、工作报告、年中答卷）为 Word、PDF 或网页文件"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*DocumentKind.values, "build-template"])
        parser.add_argument("--period", help="月度 2024-05，季度 2024-Q2，年度 2024")
        parser.add_argument("-o", "--output", required=True, help="输出文件：.docx、.pdf 或 .html")

    def handle(self, *args, kind, period, output, **options):
        from documents.kinds import build
        from documents.services import default_issuing_body, render

        path = Path(output)
        if kind == "build-template":
            build_default_template(path)
            self.stdout.write(f"{path}")
            return
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in OutputFormat.values:
            raise CommandError(_("输出文件“%(output)s”的扩展名应为 .docx、.pdf 或 .html。") % {"output": output})
        if not period:
            raise CommandError(_("请用 --period 指定期次，如 --period 2024-05。"))
        try:
            content, _result = build(kind, period, default_issuing_body())
        except (ValueError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        try:
            path.write_bytes(render(content, fmt, kind))
        except OSError as error:
            raise CommandError(
                _("无法写入“%(output)s”：%(error)s") % {"output": output, "error": error.strerror or error}
            ) from error
        for note in content.notes:
            self.stderr.write(_("提示：%(note)s") % {"note": note})
        self.stdout.write(f"{path}")
