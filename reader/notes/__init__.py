"""The notes library: annotations, tags, notes and links in SQLite, with search, codebooks and exports."""
