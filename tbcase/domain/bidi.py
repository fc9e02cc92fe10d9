"""Bidirectional control characters in user text, made harmless for display.

A shop name holding U+202E (RIGHT-TO-LEFT OVERRIDE) is drawn reversed: ``店铺\\u202egnp.exe``
reads as ``店铺exe.png``. Where user text is shown, each such character is replaced by a
visible mark, so the text reads in the order it is stored (and the mark shows that
something was there). The stored text is never changed.
"""

from __future__ import annotations

MARK = "\ufffd"
BIDI_CONTROLS = (
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
_TABLE = str.maketrans({ch: MARK for ch in BIDI_CONTROLS})


def neutral(text: str) -> str:
    """``text`` with every bidirectional control character replaced by a visible mark."""
    return text.translate(_TABLE)


def neutral_or_none(text: str | None) -> str | None:
    return None if text is None else neutral(text)
