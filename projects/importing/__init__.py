"""Project import from spreadsheets in any layout (the `gongjian import projects` command and the web upload)."""

from projects.importing.importer import ProjectImport, import_projects

__all__ = ["ProjectImport", "import_projects"]
