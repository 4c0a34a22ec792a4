"""From a file or pasted text to a cleaned Article: reading bytes, formats (HTML, PDF, DOCX, Markdown), boilerplate cleaning, metadata, the bundled seeds."""
