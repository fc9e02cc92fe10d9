"""The case page: one module per tab (overview, evidence, chat, tracking, timeline,
history), each talking only to the case session, assembled by ``page.CasePage``."""

from tbcase.ui.case_page.page import TAB_NAMES, CasePage

__all__ = ["TAB_NAMES", "CasePage"]
