"""Facts a report states: numbers with what they count, dates, quotations with speakers, names; and how two sides' facts relate."""
