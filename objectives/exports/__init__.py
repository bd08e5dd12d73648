"""Theme and mandate summaries for the board: built once (summary.py), rendered as
HTML and PDF (document.py), XLSX (spreadsheet.py), CSV and JSON (data.py)."""
