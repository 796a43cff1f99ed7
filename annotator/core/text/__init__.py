"""Text handling without Qt or a database: decoding, newlines, offsets, scripts, reading views, quality."""
