"""OCR benchmarks, on demand (not part of the test run):

    python tests/bench/ocr.py [--images N] [--cases N] [--rounds R] [--json FILE]

ocr_N: ``tbcase ocr CASE`` over a case holding N corpus screenshots (tests/ocr/corpus.py),
in a child process: seconds, CPU seconds and peak MB (max RSS). Its floor is the engine
called directly in a bare child script on the same image files with the same settings
(one thread, no angle classifier, the same longest side). Target: ratio <= 1.2. With
``--rounds R`` the two alternate R times and the best of each is kept (on a shared
machine wall time swings by more than the difference measured).

find_keystroke: ``Library.find`` of a tracking number over a library of N cases with 20
OCR'd screenshots each (the OCR rows are written straight into the files: no engine), after
the index is built. Target: < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FLOOR = r'''
import resource, sys, time
import numpy as np
from PIL import Image
from rapidocr import RapidOCR
from tbcase.ocr.engine import MAX_SIDE, THREADS
start = time.perf_counter()
eng = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False, "Global.max_side_len": MAX_SIDE,
                       "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                       "EngineConfig.onnxruntime.inter_op_num_threads": THREADS})
n = 0
for p in sys.argv[1:]:
    arr = np.asarray(Image.open(p).convert("RGB"))[:, :, ::-1].copy()
    n += len(eng(arr).txts or ())
u = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - start, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime, n)
'''

TBCASE = r'''
import resource, sys, time
from tbcase.cli.ocr_commands import read_pending
from tbcase.storage.casefile import CaseFile
start = time.perf_counter()
with CaseFile.open(sys.argv[1]) as case:
    done, before, failed = read_pending(case)
u = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - start, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime, done)
'''


def _child(code: str, *args: str) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds (user + system; steadier than wall time on a
    shared machine) of ``code`` run in a fresh child process."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds, mb, cpu, _ = out.stdout.split()
    return float(seconds), float(mb), float(cpu)


def bench_ocr(work: Path, n: int, rounds: int = 1) -> dict[str, float]:
    from tbcase.storage.casefile import CaseFile
    from tests.ocr.corpus import write

    folder = work / "corpus"
    truths = write(folder, n)
    files = [str(folder / t.name) for t in truths]
    case_path = work / "bench.tbcase"
    with CaseFile.create(case_path, order_no="4528716093384027715", complaint_type="quality") as case:
        for f in files:
            case.evidence.add(Path(f).read_bytes(), Path(f).name, kind="screenshot")
    runs = []
    for r in range(rounds):  # each round reads a fresh copy of the case (nothing read yet)
        fresh = work / f"bench-{r}.tbcase"
        shutil.copyfile(case_path, fresh)
        runs.append((_child(FLOOR, *files), _child(TBCASE, str(fresh))))
    floor_s, floor_mb, floor_cpu = (min(r[0][i] for r in runs) for i in range(3))  # best of the rounds
    ours_s, ours_mb, ours_cpu = (min(r[1][i] for r in runs) for i in range(3))
    return {f"ocr_{n}_s": ours_s, f"ocr_{n}_peak_mb": ours_mb, f"ocr_{n}_cpu_s": ours_cpu,
            f"ocr_{n}_floor_s": floor_s, f"ocr_{n}_floor_peak_mb": floor_mb, f"ocr_{n}_floor_cpu_s": floor_cpu,
            f"ocr_{n}_ratio": ours_s / floor_s, f"ocr_{n}_cpu_ratio": ours_cpu / floor_cpu}


def bench_find(work: Path, cases: int) -> dict[str, float]:
    from tbcase.domain.ocrfields import TextBox
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library
    from tests.helpers import make_png

    lib_dir = work / "library"
    lib_dir.mkdir()
    template = work / "template.tbcase"
    with CaseFile.create(template, order_no="4000000000000000000", complaint_type="quality") as case:
        for i in range(20):
            eid = case.evidence.add(make_png(120, 200, seed=i, text_lines=3), f"{i}.png", kind="screenshot").id
            lines = ["物流详情", "中通快递", "运单号：78000000000000", "您的快件已签收，签收人：本人",
                     "快件已到达【杭州转运中心】", f"第{i}张截图"] * 3
            case.ocr.save(eid, "rapidocr", "bench", [TextBox(t, (0, 40 * k, 300, 40 * k + 30), 0.99)
                                                       for k, t in enumerate(lines)])
    for c in range(cases):
        target = lib_dir / f"{4000000000000000000 + c}.tbcase"
        shutil.copyfile(template, target)
        con = sqlite3.connect(target)
        with con:
            con.execute('UPDATE "case" SET order_no = ?', (str(4000000000000000000 + c),))
            con.execute("UPDATE ocr_text SET text = replace(text, '78000000000000', ?1), "
                        "boxes = replace(boxes, '78000000000000', ?1)", (f"78{c:012d}",))
        con.close()
    lib = Library(lib_dir)
    start = time.perf_counter()
    lib.entries()
    build = time.perf_counter() - start
    wanted = f"78{cases // 2:012d}"
    times = []
    for _ in range(5):
        start = time.perf_counter()
        hits = lib.find(wanted)
        times.append(time.perf_counter() - start)
    assert [h.order_no for h in hits] == [str(4000000000000000000 + cases // 2)] * len(hits) and hits, hits
    return {"find_index_build_s": build, "find_keystroke_ms": min(times) * 1000, "find_cases_n": cases}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=20)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--json")
    ap.add_argument("--skip-ocr", action="store_true")
    ap.add_argument("--rounds", type=int, default=1, help="OCR runs of each (floor, ours, alternating); best kept")
    args = ap.parse_args()
    os.environ.setdefault("TBCASE_CONFIG", tempfile.mkdtemp())
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_ocr:
            results.update(bench_ocr(work, args.images, args.rounds))
            print(results, flush=True)
        results.update(bench_find(work, args.cases))
    for k, v in results.items():
        print(f"{k} {v:.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
