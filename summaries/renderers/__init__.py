"""A summary rendered for each of its formats: the print view and PDF (document), XLSX
(spreadsheet), CSV and JSON (data)."""

# The formats a summary comes in, with the label of each one's button, the print view first.
FORMAT_LABELS = {
    "html": "Print view",
    "pdf": "PDF",
    "xlsx": "Excel (XLSX)",
    "csv": "CSV",
    "json": "JSON",
}
