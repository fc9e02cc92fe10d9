"""Offline text recognition (the optional ``ocr`` extra)."""
