"""Real test data made on the fly: screenshots, photos with EXIF."""

import io
import random
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ORDER = "4528716093384027715"


def make_png(width=1170, height=2532, seed=0, text_lines=40) -> bytes:
    """A phone-screenshot-like PNG: white page, rows of dark 'text' blocks."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width, 160], fill=(255, 80, 0))
    y = 200
    for _ in range(text_lines):
        x = 40
        while x < width - 120:
            w = rnd.randint(20, 90)
            draw.rectangle([x, y, x + w, y + 28], fill=(rnd.randint(0, 80),) * 3)
            x += w + rnd.randint(8, 20)
        y += 56
        if y > height - 60:
            break
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def make_jpeg(width=400, height=300, orientation=None, when=None, seed=1) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height), (seed * 40 % 255, 120, 200))
    img.paste((255, 0, 0), (0, 0, width // 4, height // 4))  # a red corner to see rotation
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if when:
        exif.get_ifd(0x8769)[0x9003] = when
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def _use_poppler(tool: str) -> bool:
    """poppler-utils when installed; ``TBCASE_TEST_PDF=pypdf`` forces the pypdf fallback."""
    import os
    import shutil

    return os.environ.get("TBCASE_TEST_PDF") != "pypdf" and shutil.which(tool) is not None


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF: ``pdftotext`` (poppler) when present, else pypdf (a test dependency)."""
    import subprocess

    if _use_poppler("pdftotext"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font the pages use: ``pdffonts`` or pypdf."""
    import subprocess

    if _use_poppler("pdffonts"):
        out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        # columns: name type encoding emb sub uni object-id; the name has no spaces
        return [(line.split()[0], line.split()[-5] == "yes") for line in out.splitlines()[2:] if line.strip()]
    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        for ref in (font_dict.get_object().values() if font_dict is not None else ()):
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return sorted(fonts.items())


# -- the case file's public surface, before and after the split into stores (issue 12):
# ``case.add_evidence(...)`` became ``case.evidence.add(...)`` and so on. These keep the tests
# written for issue 18 valid on both sides of that change.

def _store(case, name):
    store = getattr(case, name)
    return store if hasattr(store, "all") else None


def add_evidence(case, data: bytes, name: str, **kw):
    store = _store(case, "evidence")
    return store.add(data, name, **kw) if store is not None else case.add_evidence(data, name, **kw)


def evidence_list(case, **kw):
    store = _store(case, "evidence")
    return store.all(**kw) if store is not None else case.evidence(**kw)


def delete_evidence(case, evidence_id: int) -> None:
    store = _store(case, "evidence")
    return store.delete(evidence_id) if store is not None else case.delete_evidence(evidence_id)


def add_step(case, kind: str, **kw):
    store = _store(case, "steps")
    return store.add(kind, **kw) if store is not None else case.add_step(kind, **kw)


def step_kinds(case) -> list[str]:
    store = _store(case, "steps")
    return [str(getattr(s, "kind", None) or s["kind"]) for s in (store.all() if store else case.steps())]


def case_facts(case):
    store = _store(case, "steps")
    return store.facts() if store is not None and hasattr(store, "facts") else case.facts()


def day_of(value) -> str:
    """``YYYY-MM-DD`` of a stored time, whether a record holds it as text or as a datetime."""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)[:10]


FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "wqy-microhei.ttc"
PHONE_LINE = "收货人：张小明 13812345678"
ADDRESS_LINE = "浙江省杭州市余杭区文一西路969号3栋402室"


def make_phone_screenshot(width=750, height=1334) -> tuple[bytes, dict[str, tuple[int, int, int, int]]]:
    """A phone screenshot of an order's delivery address drawn in the CJK font: a phone
    number and an address in dark text on white. Returns the PNG and where each line
    stands (left, top, right, bottom), as OCR would report it."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width, 120], fill=(255, 80, 0))
    title = ImageFont.truetype(str(FONT), 40)
    body = ImageFont.truetype(str(FONT), 30)
    draw.text((40, 40), "订单详情", font=title, fill="white")
    where = {}
    y = 200
    for key, text in (("name", PHONE_LINE), ("address", ADDRESS_LINE),
                      ("shop", "青禾家居旗舰店  陶瓷马克杯 2只装"), ("order", f"订单编号：{ORDER}")):
        draw.text((40, y), text, font=body, fill=(20, 20, 20))
        left, top, right, bottom = draw.textbbox((40, y), text, font=body)
        where[key] = (left, top, right, bottom)
        y += 80
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue(), where


def window_on_library(qapp, qtbot, monkeypatch, folder: Path, lang: str = "zh", before_show=None):
    """The window (a real ``TbcaseApp``) in ``lang`` on the library at ``folder``, shown, its
    list loaded; ``before_show(app)`` runs first (settings, size). The caller closes it
    (``app.close()``); closed here if showing or loading fails."""
    from tbcase.ui.app import TbcaseApp, make_settings, register_font

    monkeypatch.setenv("TBCASE_LANG", lang)
    register_font(qapp)
    app = TbcaseApp(qapp, folder, make_settings())
    try:
        if before_show is not None:
            before_show(app)
        app.window.show()
        with qtbot.waitSignal(app.window.library_loaded, timeout=10000):
            app.window.load_library()
    except BaseException:
        app.close()
        raise
    return app


def window_on_case(qapp, qtbot, monkeypatch, folder: Path, lang: str = "zh", tab: str = "evidence"):
    """The window on the library at ``folder`` (``window_on_library``), its case ``ORDER``
    open on ``tab``. The caller closes it (``app.close()``); closed here if opening fails."""
    app = window_on_library(qapp, qtbot, monkeypatch, folder, lang)
    try:
        w = app.window
        with qtbot.waitSignal(w.case_opened, timeout=10000):
            w.select_path(str(folder / f"{ORDER}.tbcase"))
        w.page.show_tab(tab)
    except BaseException:
        app.close()
        raise
    return app


def raw_sql(path, *statements) -> None:
    """Run ``(sql, params)`` statements on the file at ``path`` behind tbcase's back (as
    another program, or a crafted file, would) and commit."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        for sql, params in statements:
            con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def three_images_first_deleted(case):
    """Three images added to ``case`` (图一, 图二, 图三); the first deleted, so the third
    (evidence id 3) is shown as 证据2: the ids and the numbers the user sees part ways.
    The case and the third exhibit."""
    first, second, third = (case.evidence.add(make_png(200, 300, seed=i, text_lines=2), f"{n}.png", title=n)
                            for i, n in enumerate(["图一", "图二", "图三"], 1))
    case.evidence.delete(first.id)
    assert [(e.id, e.exhibit) for e in case.evidence.all()] == [(second.id, 1), (third.id, 2)]
    assert third.id == 3
    return case, third
