"""Facts: numbers with what they count, dates and times, quotations with speakers, names, and their status across two sides (shared, one side's, in conflict)."""
