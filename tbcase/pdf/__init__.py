"""PDF rendering (reportlab): the written complaint and the 12315 copy sheet."""
