"""The tabular kit: every CSV and XLSX file the portal reads or writes goes through it.

- ``reading``: an upload opened as a stream of rows, CSV (UTF-8 or Shift_JIS)
  or XLSX, refused with a clear message when it cannot be read.
- ``columns`` and ``schema``: what each column is called (code, English and
  Japanese label) and how a cell becomes a value and back.
- ``importing``: the all-or-nothing, idempotent, chunked import every app's
  importer runs, with its preview.
- ``writing`` and ``template``: downloads (CSV with a byte-order mark, XLSX
  with a bold frozen header and real dates), formulas neutralised, in the
  requester's language; and each import's template.
- ``admin``: django-import-export's admin pages running on the kit.

CONTRIBUTING.md has an example of an import and a download.
"""
