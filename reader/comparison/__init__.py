"""The comparison: compare(left, right) -> Comparison with its summary and verdicts, the reports, highlight layers and batches."""
