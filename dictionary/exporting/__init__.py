"""Taking the dictionary out whole: TEI Lex-0, JSON and CSV of its editions."""
