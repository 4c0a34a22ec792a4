"""Text primitives every later stage shares: matching keys and tokens, paragraph and sentence segmentation, language identification, and the per-language lexicons."""
