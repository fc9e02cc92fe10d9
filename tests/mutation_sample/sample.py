"""A seeded uniform random sample of the mutants of tbcase.storage and tbcase.pdf, and its score.

Running every mutant of storage (~7,000) and pdf (~1,500) takes days on a 2-core machine: a
surviving mutant runs every test that reaches its function. A uniform random sample of each
package, scored with a 95 % Wilson interval, estimates the package's score honestly.

Run from the project root, after `mutmut run` has generated the mutants (tests/MUTATION.md):

    python tests/mutation_sample/sample.py draw             # writes storage.txt and pdf.txt
    nice -n 15 mutmut run --max-children 1 $(python tests/mutation_sample/sample.py names)
    python tests/mutation_sample/sample.py score [--raw]    # per package, with(out) equivalent.txt

The frame of a package is every mutant name in its `mutants/tbcase/<package>/*.py.meta`, sorted;
`random.Random(SEED).sample(frame, n)` draws from it. Mutant names number the mutants within
their function, so the same seed draws a different sample once the source changes: the lists
record the commit they were drawn at.
"""

import argparse
import json
import math
import random
import subprocess
import sys
from pathlib import Path

SEED = 20261129
SIZES = {"storage": 150, "pdf": 100}
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MUTANTS = ROOT / "mutants"

KILLED = {1, 3}  # a test failed (3: pytest's internal error, as mutmut counts it)
TIMEOUT = {36, -24, 24, 152, 255}  # the mutant ran past its CPU budget: an endless loop is noticed
NO_TESTS = {5, 33}


def _metas(package: str) -> dict[str, int | None]:
    verdicts: dict[str, int | None] = {}
    for meta in sorted((MUTANTS / "tbcase" / package).glob("*.py.meta")):
        verdicts.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return verdicts


def _sample_file(package: str) -> Path:
    return HERE / f"{package}.txt"


def _names(package: str) -> list[str]:
    lines = _sample_file(package).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _equivalent() -> dict[str, str]:
    reasons = {}
    for line in (HERE / "equivalent.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            reasons[name] = reason.strip()
    return reasons


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of k successes in n draws."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def draw() -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT, check=True).stdout.strip()
    for package, size in SIZES.items():
        frame = sorted(_metas(package))
        chosen = sorted(random.Random(SEED).sample(frame, size))
        header = (f"# {size} of {len(frame)} mutants of tbcase.{package}, random.Random({SEED}).sample(sorted frame)"
                  f" at {commit}\n")
        _sample_file(package).write_text(header + "\n".join(chosen) + "\n", encoding="utf-8")
        print(f"{package}: {size} of {len(frame)}")


def score(raw: bool) -> None:
    equivalent = {} if raw else _equivalent()
    for package in SIZES:
        verdicts = _metas(package)
        counts = {"killed": 0, "timeout": 0, "equivalent": 0, "accepted": 0, "survived": 0, "no tests": 0,
                  "not run": 0}
        open_ = []
        for name in _names(package):
            code = verdicts.get(name, None)
            if code in KILLED:
                counts["killed"] += 1
            elif code in TIMEOUT:
                counts["timeout"] += 1
            elif name in equivalent:
                counts["accepted" if equivalent[name].startswith("accepted") else "equivalent"] += 1
            elif code is None:
                counts["not run"] += 1
                open_.append(f"not run  {name}")
            else:
                counts["no tests" if code in NO_TESTS else "survived"] += 1
                open_.append(f"{'no tests' if code in NO_TESTS else 'survived'}  {name}")
        n = sum(counts.values()) - counts["not run"]
        good = counts["killed"] + counts["timeout"] + counts["equivalent"] + counts["accepted"]
        low, high = wilson(good, n)
        detail = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        share = 100 * good / max(n, 1)
        print(f"{package}: {good}/{n} = {share:.1f} %  (95 % Wilson {100 * low:.1f}–{100 * high:.1f} %)  [{detail}]")
        for line in open_:
            print("   ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["draw", "names", "score"])
    parser.add_argument("--package", choices=sorted(SIZES), help="names: only this package")
    parser.add_argument("--raw", action="store_true", help="score: without equivalent.txt")
    args = parser.parse_args()
    if args.command == "draw":
        draw()
    elif args.command == "score":
        score(args.raw)
    else:
        packages = [args.package] if args.package else list(SIZES)
        sys.stdout.write("\n".join(name for p in packages for name in _names(p)) + "\n")


if __name__ == "__main__":
    main()
