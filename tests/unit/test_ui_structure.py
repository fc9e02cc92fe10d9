"""The window's structure (issue 14): tabs of the case page never import each other, no
module in tbcase/ui grows past 500 lines, and Chinese/English choices live only in the
wording object."""

import ast
import re
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "tbcase"
TABS = ("overview", "evidence", "chat", "tracking", "timeline", "history")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_tabs_never_import_each_other_or_the_page():
    bad = {}
    for tab in TABS:
        others = {f"tbcase.ui.case_page.{t}" for t in TABS if t != tab} | {"tbcase.ui.case_page.page",
                                                                            "tbcase.ui.case_page"}
        hits = _imports(PKG / "ui" / "case_page" / f"{tab}.py") & others
        if hits:
            bad[tab] = sorted(hits)
    assert bad == {}


def test_no_module_in_ui_over_500_lines():
    long = {str(p.relative_to(PKG)): n for p in (PKG / "ui").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


LANGUAGE_CHOICE = re.compile(r"""lang\w*\s*[!=]=\s*["'](zh|en)["']|_zh\s+if\s+(zh\b|\S*lang)"""
                             r"""|language\(\)\s*[!=]=\s*["']|[!=]=\s*(EN|ZH)\b|\b(EN|ZH)\s*[!=]="""
                             r"""|\bif\s+(not\s+)?[\w.()]*\.zh\b|\.zh\s+else\b""")


def test_language_choices_only_in_the_wording_object():
    allowed = {PKG / "wording.py", PKG / "messages.py"}
    hits = {str(p.relative_to(PKG)): m.group(0) for p in PKG.rglob("*.py") if p not in allowed
            for m in [LANGUAGE_CHOICE.search(p.read_text(encoding="utf-8"))] if m}
    assert hits == {}


def test_the_language_check_can_fail():
    assert LANGUAGE_CHOICE.search('label = d.label_zh if self.ctx.lang == "zh" else d.label_en')
    assert LANGUAGE_CHOICE.search('zh = language() != "en"')
    assert LANGUAGE_CHOICE.search("name = r.label_zh if zh else r.label_en")
    assert LANGUAGE_CHOICE.search("return (pair[1] if lang == EN else pair[0]).format(**params)")
    assert LANGUAGE_CHOICE.search("if Wording.for_language(self.lang).zh:")
    assert LANGUAGE_CHOICE.search("sep = '、' if w.zh else ', '")
    assert not LANGUAGE_CHOICE.search("carrier_zh=carrier.name_zh if carrier else code")
    assert not LANGUAGE_CHOICE.search('Receiver(store, heading, lang="zh")')


def test_the_window_words_messages_only_through_the_wording_object_it_is_given():
    """Dialogs, validators and crash texts take the ``Wording`` built once per language
    (``ctx.wording``), never ``messages.message(code, lang)`` themselves."""
    direct = sorted(str(p.relative_to(PKG)) for p in (PKG / "ui").rglob("*.py")
                    if "tbcase.messages" in _imports(p))
    assert direct == []
