"""Reading and writing the files people hand Samverka and take from it: CSV and Excel
workbooks read within limits (``limits``, ``csv_reader``, ``xlsx_reader``, ``table``), and
spreadsheet cells written so that no text becomes a formula (``spreadsheet_cells``)."""
