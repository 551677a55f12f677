"""Writing report rows to a file, one chunk at a time, with the tabular kit's writers.

The kit writes CSV with a byte-order mark and XLSX with a bold frozen header,
real dates and neutralised formulas; this module maps a job's output format
to its writer (``header(labels)``, ``write(rows)``, ``close()``). Other apps
add writers of their own (``offices`` adds a zip file).
"""

from pathlib import Path

from clair_portal.jobs.kinds import CSV, XLSX, OutputFormat
from clair_portal.tabular.writing import CsvWriter, XlsxWriter

WRITERS = {CSV.key: CsvWriter, XLSX.key: XlsxWriter}


def open_writer(output: OutputFormat, path: Path):
    return WRITERS[output.key](path)
