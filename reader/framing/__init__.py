"""Framing markers: scare quotes, hedges, loaded terms, naming variants, attribution stance and whose voices are quoted."""
