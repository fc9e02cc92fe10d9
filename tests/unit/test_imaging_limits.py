"""Every decode has a pixel limit, and implausible capture times are unknown (issue 13)."""

import io
import subprocess
import sys
from datetime import datetime

import pytest
from PIL import Image

from tbcase.domain.errors import KnownError
from tbcase.domain.model import SHANGHAI
from tbcase.storage import imaging
from tests.helpers import make_jpeg, make_png


def _encoded(size, fmt, mode="RGB", **kw) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt, **kw)
    return out.getvalue()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory read from /proc")
def test_tiny_webp_of_many_pixels_is_refused_before_decoding():
    """A lossless WebP of 16383x4800 is a few KB and took 1.2 GB to import."""
    data = _encoded((16383, 4800), "WEBP", lossless=True)
    assert len(data) < 20_000
    code = ("import sys\nfrom tbcase.storage import imaging\nfrom tbcase.domain.errors import KnownError\n"
            "try:\n    imaging.analyse_image(sys.stdin.buffer.read())\nexcept KnownError as e:\n    print(e.code)\n"
            "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')][0]\n"
            "print(int(hwm.split()[1]) // 1024)\n")  # ru_maxrss would carry the parent's peak
    done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, timeout=60)
    code_out, peak_mb = done.stdout.decode().split()
    assert code_out == "image_bomb"
    assert int(peak_mb) < 300, peak_mb


@pytest.mark.parametrize(("size", "fmt"), [((20000, 20000), "PNG"), ((8000, 5000), "PNG"),
                                           ((5000, 4000), "WEBP")])
def test_every_format_has_a_limit(size, fmt):
    with pytest.raises(KnownError) as info:
        imaging.open_bounded(_encoded(size, fmt, mode="L" if fmt == "PNG" else "RGB"))
    assert info.value.code == "image_bomb"


def test_phone_pictures_still_pass():
    assert imaging.analyse_image(make_png(1170, 2532)).width == 1170
    assert imaging.analyse_image(make_jpeg(4000, 3000)).width == 4000
    with imaging.open_bounded(_encoded((1170, 25000), "PNG", mode="L")) as im:  # a long screenshot
        assert im.size == (1170, 25000)


def test_stored_blob_for_print_is_bounded_and_checked():
    """A 20000x20000 'display copy' planted in a case file crashed the letter."""
    with pytest.raises(KnownError):
        imaging.print_copy(_encoded((20000, 20000), "PNG", mode="L"), 1200)
    with pytest.raises(KnownError):
        imaging.print_copy(make_png(300, 300)[:200], 1200)  # truncated
    data, w, h = imaging.print_copy(make_png(2400, 600), 1200)
    assert (w, h) == (1200, 300) and data[:3] == b"\xff\xd8\xff"
    small = make_png(300, 600)
    assert imaging.print_copy(small, 1200) == (small, 300, 600)


def _postscript(marker) -> bytes:
    """An EPS that Pillow opens (its header) and whose decoding hands the bytes to Ghostscript:
    the program writes ``marker``, then loops forever."""
    return (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
            + b"(" + str(marker).encode() + b") (w) file closefile\n{ } loop\nshowpage\n%%EOF\n")


@pytest.mark.parametrize("read", [imaging.open_bounded, imaging.private_metadata, imaging.decode_oriented,
                                  lambda data: imaging.print_copy(data, 1200)])
def test_stored_blob_in_a_format_we_never_accept_is_refused_unread(read, tmp_path):
    """A display copy or original planted in a .tbcase from elsewhere is bytes from anywhere:
    an EPS there made the letter (print_copy), the public export and redaction run Ghostscript
    on it — the letter hung for good in the PostScript loop, and the program wrote a file.
    Only the formats the app takes in are opened."""
    marker = tmp_path / "written-by-postscript"
    with pytest.raises(KnownError) as err:
        read(_postscript(marker))
    assert err.value.code == "image_corrupt"
    assert not marker.exists()
    for fmt in ("ICO", "PCX", "TGA", "PPM"):  # decoders Pillow has, the app never takes in
        with pytest.raises(KnownError):
            read(_encoded((16, 16), fmt))


@pytest.mark.parametrize("when", ["0001:01:01 00:00:00", "1970:01:01 00:00:00", "9999:12:31 23:59:59",
                                  "2999:01:01 00:00:00"])
def test_implausible_capture_time_is_unknown(when):
    assert imaging.analyse_image(make_jpeg(when=when)).captured is None


def test_plausible_capture_time_is_kept():
    info = imaging.analyse_image(make_jpeg(when="2026:11:18 14:03:05"))
    assert info.captured == datetime(2026, 11, 18, 14, 3, 5, tzinfo=SHANGHAI)


def test_implausible_capture_time_falls_back_to_file_time(new_case, tmp_path):
    f = tmp_path / "old.jpg"
    f.write_bytes(make_jpeg(when="0001:01:01 00:00:00"))
    case = new_case()
    added, failed = case.evidence.import_files([f])
    assert failed == [] and added[0].captured_source == "file"
    assert added[0].captured.year >= 2020


def test_a_picture_too_big_for_print_is_scaled_to_fit_as_jpeg_keeping_its_look():
    """The letter prints a picture at most ``max_px`` on its long side: a bigger JPEG (decoded at
    a reduced scale first), a bigger PNG, and any GIF are made a JPEG of the size that fits, the
    colours where they were (transparency on white, as on paper); one that fits as JPEG or PNG is
    printed as stored."""
    def look(data):
        with Image.open(io.BytesIO(data)) as im:
            rgb = im.convert("RGB")
            return im.format, im.size, rgb.getpixel((2, 2)), rgb.getpixel((im.width - 3, im.height - 3))

    data, w, h = imaging.print_copy(make_jpeg(3000, 2000), 1200)
    fmt, size, corner, rest = look(data)
    assert (fmt, size, (w, h)) == ("JPEG", (1200, 800), (1200, 800))
    assert corner[0] > 200 and corner[1] < 60 and abs(rest[2] - 200) < 20  # the red corner stays top left
    assert imaging.print_copy(make_jpeg(500, 3000), 1200)[1:] == (200, 1200)
    fits = make_jpeg(1200, 800)
    assert imaging.print_copy(fits, 1200) == (fits, 1200, 800)
    gif = _encoded((40, 30), "GIF", mode="P")
    data, w, h = imaging.print_copy(gif, 1200)
    assert (look(data)[:2], (w, h)) == (("JPEG", (40, 30)), (40, 30))
    clear = _encoded((2400, 600), "PNG", mode="RGBA")
    assert look(imaging.print_copy(clear, 1200)[0]) == ("JPEG", (1200, 300), (255, 255, 255), (255, 255, 255))


def test_a_palette_picture_with_a_transparent_colour_shows_white_there_in_every_copy():
    """A PNG or GIF whose palette marks one colour transparent (what many screenshot tools save):
    the display copy, the thumbnail and the redaction's full-size picture show white there, as on
    paper, and the other colours as they are."""
    img = Image.new("P", (40, 20), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0, 0, 0] * 254)  # 0: black (transparent), 1: red
    img.paste(1, (20, 0, 40, 20))
    for fmt in ("PNG", "GIF"):
        out = io.BytesIO()
        img.save(out, fmt, transparency=0)
        shown, _ = imaging.decode_oriented(out.getvalue())
        assert (shown.mode, shown.getpixel((5, 10)), shown.getpixel((35, 10))) == ("RGB", (255, 255, 255), (255, 0, 0))
        info = imaging.analyse_image(out.getvalue())
        for rendition in (info.display, info.thumb):
            with Image.open(io.BytesIO(rendition.data)) as im:
                left, right = im.convert("RGB").getpixel((2, 10 * im.height // 20)), im.convert("RGB").getpixel(
                    (im.width - 3, 10 * im.height // 20))
            assert min(left) > 240 and right[0] > 200 and right[1] < 60, (fmt, left, right)


def _with_exif(fmt="JPEG", tags=(), exif_tags=(), gps=False, **save):
    exif = Image.Exif()
    for tag in tags:
        exif[tag] = "x"
    for tag in exif_tags:
        exif.get_ifd(0x8769)[tag] = "x"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:14 09:00:00"  # a capture time tells no one who or where
    exif[0x0110] = "Phone 15"  # nor does the model
    if gps:
        exif.get_ifd(0x8825)[1] = "N"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(out, fmt, exif=exif.tobytes(), **save)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    *(_with_exif(tags=[tag]) for tag in (0x010E, 0x013B, 0x8298, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F)),
    *(_with_exif(exif_tags=[tag]) for tag in (0x927C, 0x9286, 0xA420, 0xA430, 0xA431, 0xA435)),
    _with_exif(gps=True), _with_exif(comment=b"shot at home"), _with_exif("PNG", tags=[0x013B]),
    _with_exif("PNG", gps=True),
])
def test_metadata_that_may_tell_who_or_where_is_found_in_the_header(data):
    """Each EXIF tag that can name or place a person or a device (description, artist, copyright,
    the Windows XP fields, maker notes, user comment, unique id, owner and serial numbers), the
    GPS directory, and free text (a JPEG comment) make a picture one to copy without metadata."""
    assert imaging.private_metadata(data) is True


def test_a_picture_that_says_only_how_it_was_taken_carries_nothing_private():
    from PIL import PngImagePlugin

    assert imaging.private_metadata(_with_exif()) is False
    assert imaging.private_metadata(_with_exif("PNG")) is True  # an eXIf chunk may follow the pixels: counted
    assert imaging.private_metadata(make_png(40, 30)) is False
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "张三 13800000000")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=text)
    assert imaging.private_metadata(out.getvalue()) is True  # a text chunk is free text


@pytest.mark.parametrize("head, media", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"), (b"\xff\xd8\xff\xe0", "image/jpeg"), (b"GIF87a\x01", "image/gif"),
    (b"GIF89a\x01", "image/gif"), (b"BM\x00\x00", "image/bmp"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    *((b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00", "image/heic")
      for brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim")),
    (b"II*\x00\x08\x00", "image/tiff"), (b"MM\x00*\x00\x08", "image/tiff"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00", None), (b"RIFF\x10\x00\x00\x00WAVEfmt ", None), (b"\x89PNG\r\n\x1a", None),
    (b"\xff\xd8", None), (b"GIF88a", None), (b"%PDF-1.4", None), (b"", None), (b"II*", None),
])
def test_a_picture_is_known_by_its_first_bytes(head, media):
    """PNG, JPEG, GIF (both versions), BMP, WebP (RIFF … WEBP), HEIC (each brand phones write),
    TIFF (either byte order); a video's ftyp, a WAVE, a cut signature or a PDF is no picture."""
    assert imaging.sniff_image(head) == media


def test_a_png_whose_exif_comes_before_its_pixels_gives_its_capture_time_without_decoding():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2026:11:14 09:00:00"
    exif[0x0112] = 6  # turned: the size is given as shown
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, "PNG", exif=exif.tobytes())
    info = imaging.inspect_image(out.getvalue())
    assert (info.media_type, info.width, info.height, info.thumb, info.display) == ("image/png", 30, 40, None, None)
    assert info.captured == datetime(2026, 11, 14, 9, 0, tzinfo=SHANGHAI)
    plain = imaging.inspect_image(make_png(40, 30))
    assert (plain.width, plain.height, plain.captured) == (40, 30, None)


def test_the_redactions_full_size_picture_shows_the_colours_of_the_display_copy():
    """The user draws redaction boxes on the display copy; the full-size picture the boxes are
    burnt into must show the same colours. A truecolour or grey PNG that names one colour
    transparent (a tRNS chunk, rare) is shown with that colour in the display copy, so the
    full-size picture keeps it too; a palette picture's transparent colour is white in both."""
    for mode, colour, seen in (("RGB", (255, 0, 0), (255, 0, 0)), ("L", 90, (90, 90, 90))):
        img = Image.new(mode, (40, 20), colour)
        out = io.BytesIO()
        img.save(out, "PNG", transparency=colour)
        assert "transparency" in Image.open(io.BytesIO(out.getvalue())).info
        full, _ = imaging.decode_oriented(out.getvalue())
        with Image.open(io.BytesIO(imaging.analyse_image(out.getvalue()).display.data)) as shown:
            display = shown.convert("RGB").getpixel((20, 10))
        near = max(abs(a - b) for a, b in zip(display, seen, strict=True)) < 8
        assert (full.getpixel((20, 10)), near) == (seen, True)
