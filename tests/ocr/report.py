"""OCR accuracy over the synthetic corpus, on demand (not part of the test run):

    python -m tests.ocr.report [N] [--dir FOLDER]

Makes N corpus screenshots (default 32), runs the engine on each (one thread), extracts
the fields and prints: field accuracy (order number, amount, tracking number, times),
the characters-correct rate, and seconds per image.
"""

from __future__ import annotations

import difflib
import json
import sys
import tempfile
import time
from pathlib import Path

from tbcase.domain.model import format_amount
from tbcase.domain.ocrfields import extract
from tbcase.ocr import engine
from tests.ocr.corpus import write

FIELDS = ("order_no", "amount", "refund", "tracking", "ordered", "signed", "shop")


def _got(fields, name: str) -> str:
    if name == "tracking":
        return fields.tracking[0].number if fields.tracking else ""
    f = {"amount": fields.amount_fen, "refund": fields.refund_fen, "ordered": fields.ordered_at,
         "signed": fields.signed_at}.get(name, getattr(fields, name, None))
    if f is None:
        return ""
    if name in ("amount", "refund"):
        return format_amount(f.value)
    if name in ("ordered", "signed"):
        return f.value.strftime("%Y-%m-%d %H:%M:%S")
    return str(f.value)


def characters_correct(truth: list[str], seen: list[str]) -> tuple[int, int]:
    want = "".join("".join(truth).split())
    got = "".join("".join(seen).split())
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()), len(want)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 32
    folder = Path(argv[argv.index("--dir") + 1]) if "--dir" in argv else Path(tempfile.mkdtemp())
    truths = write(folder, n)
    counts = {f: [0, 0] for f in FIELDS}
    chars = [0, 0]
    seconds: list[float] = []
    misses: list[str] = []
    for t in truths:
        data = (folder / t.name).read_bytes()
        start = time.perf_counter()
        boxes = engine.recognise(data)
        seconds.append(time.perf_counter() - start)
        fields = extract(boxes)
        ok, total = characters_correct(t.lines, [b.text for b in boxes])
        chars[0] += ok
        chars[1] += total
        for f in FIELDS:
            want = getattr(t, f)
            if not want:
                continue
            got = _got(fields, f)
            counts[f][1] += 1
            if got == want:
                counts[f][0] += 1
            else:
                misses.append(f"{t.name}: {f} want {want!r} got {got!r}")
    print(f"corpus: {n} screenshots in {folder} (engine {engine.engine_name()} {engine.engine_version()})")
    for f, (ok, total) in counts.items():
        if total:
            print(f"  {f:9s} {ok}/{total} exact ({100 * ok / total:.1f}%)")
    print(f"  characters correct: {chars[0]}/{chars[1]} ({100 * chars[0] / max(chars[1], 1):.2f}%)")
    seconds.sort()
    print(f"  seconds per image: mean {sum(seconds) / len(seconds):.2f}, median {seconds[len(seconds) // 2]:.2f}, "
          f"max {seconds[-1]:.2f}")
    for m in misses:
        print("  miss:", m)
    (folder / "report.json").write_text(json.dumps({"fields": counts, "chars": chars, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
