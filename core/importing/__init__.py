"""Model-agnostic spreadsheet import: read any layout, map columns, parse cells, report errors by row and column.

Importers of particular models (projects, monthly reports …) build on these pieces: `reader.read_table` turns a
.xlsx/.xls/.ods/.csv file into headers and numbered rows, `mapping` says which column feeds which field and how,
`cells` parses one cell into a Python value or a `CellError` with a Chinese reason, `nonrecords` recognises rows
that are not records (合计, headings, notes), `matching` compares names in a normalised form and finds near misses,
and `results` carries what happened back to the command line and the web page.
"""

from core.importing.cells import CellError, parse_choice, parse_date, parse_decimal, parse_text
from core.importing.mapping import Mapping, MappingError, load_mapping
from core.importing.reader import Table, read_table
from core.importing.results import ImportFailed, ImportResult, RowError

__all__ = [
    "CellError",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_text",
    "Mapping",
    "MappingError",
    "load_mapping",
    "Table",
    "read_table",
    "ImportFailed",
    "ImportResult",
    "RowError",
]
