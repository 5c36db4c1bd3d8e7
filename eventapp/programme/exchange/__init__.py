"""The whole programme of an event in a file: export to JSON and CSV, import from JSON.

One module per concern, each readable on its own:

- `format.py`: the JSON format, version 1 (described there), its constants, and a
  session's record, which the export writes and the import compares;
- `export.py`: the JSON and CSV downloads;
- `values.py` and `reading.py`: an uploaded file read into checked records, every
  problem reported;
- `importing.py`: the records checked against the event and added, all or nothing,
  under the programme lock.
"""

from .export import export_csv, export_json, programme_counts
from .format import FORMAT, VERSION, ImportRejected, ReportRow
from .importing import import_json

__all__ = [
    "FORMAT",
    "VERSION",
    "ImportRejected",
    "ReportRow",
    "export_csv",
    "export_json",
    "import_json",
    "programme_counts",
]
