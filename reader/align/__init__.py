"""Aligning two texts: verbatim shared runs and order-free sentence alignment with paraphrase scoring."""
