"""`gongjian import monthly FILE --user CLERK`: a filled month template imported from the command line.

The district and month come from the template's own hidden information sheet, so an operator cannot import a
file into the wrong month; every row goes through the same rules and permission checks as the upload page.
"""

from django.utils.translation import gettext as _

from core.importing.results import ImportFailed
from scheduling.spreadsheets import META_SHEET, ImportMode, _read_metadata, import_month_workbook


def import_monthly(source, *, mapping, filename, sheet, user, dry_run, valid_rows_only, progress):
    """The import-kind entry point (core.registry.register_import_kind) for downloaded month templates."""
    if mapping:
        raise ImportFailed(_("月度调度表按系统模板导入，不使用列映射文件（--mapping）。"))
    if user is None:
        raise ImportFailed(_("导入月度调度表须用 --user 指明填报人，按其权限逐行校验。"))
    meta, _names = _read_metadata(source, filename)
    if not meta.get("region") or not meta.get("period"):
        raise ImportFailed(
            _("文件中没有「%(sheet)s」工作表，无法确定地区和月份；请使用从月度调度页面下载的模板。")
            % {"sheet": META_SHEET}
        )
    mode = ImportMode.VALID_ROWS if valid_rows_only else ImportMode.ALL_OR_NOTHING
    return import_month_workbook(
        user,
        source,
        region=meta["region"],
        period=meta["period"][:7],
        mode=mode,
        filename=filename,
        dry_run=dry_run,
        progress=progress,
    )
