"""The notes library: annotations, tags, notes and links in SQLite, with search, codebooks
and exports.

``library.Library`` is the one entry point; its parts are ``store`` (the file,
transactions, undo), ``schema`` (migrations, version checks), ``search`` (FTS5), one
module per kind of record (``articles``, ``tags``, ``annotations``, ``notes``,
``links``, ``comparisons``), ``listing`` (the notes list) and ``exchange`` (export
snapshots and imports).  ``records`` holds the immutable values they all return;
``printdoc`` is the readable document that ``markdown``, ``html_page`` and the Qt
printer render; ``csv_table``, ``w3c`` and ``codebook`` are the other file formats
(``export`` gathers them); ``anchoring`` and ``coding`` are pure text helpers.
"""
