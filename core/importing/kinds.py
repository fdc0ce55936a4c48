"""The kinds of import the `gongjian import KIND FILE` command and the web upload know, by name.

An importer is a function `(source, *, mapping, filename, sheet, user, dry_run, valid_rows_only, progress)`
returning an `ImportResult` (an importer that asks questions also takes `confirm`, the kinds the user confirmed,
passed by the command's --accept-… options); registering it here (by dotted path, so nothing is imported
before Django is ready) makes it available on the command line. The monthly-report upload will add itself the same way.
"""

from importlib import import_module

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, tuple[str, str]] = {
    "projects": ("projects.importing.import_projects", _("项目清单")),
}


def importer_for(kind: str):
    """The import function registered under `kind`."""
    module, _dot, name = KINDS[kind][0].rpartition(".")
    return getattr(import_module(module), name)
