"""The pure domain core: no Qt, no database. Dates, the escalation ladder, parsing."""
