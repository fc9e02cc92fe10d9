"""A seeded random sample of the mutants of tbcase.storage and tbcase.pdf, and its score.

Running every mutant of storage (~8,700) and pdf (~2,300) takes days on a 2-core machine: a
surviving mutant runs every test that reaches its function. A random sample estimates each
package's score, with a 95 % Wilson interval.

Two phases, because mutmut runs the mutants it is given cheapest first (by the time of the tests
that reach them) and a session ends before the costly ones of a large sample are done:

1. ``draw``: a uniform sample of each package (``SIZES``, ``random.Random(SEED)``) from the
   frame of every mutant name in ``mutants/tbcase/<package>/*.py.meta``, sorted. Run it with
   ``mutmut run``; stop it when time is up.
2. ``split``: records each sampled mutant's verdict (``run1.txt``): the ones run form stratum A
   (all the sample's mutants below some test time: which ones depends only on that time, not
   on their outcome), the rest stratum B. A uniform subsample of B (``PHASE2``,
   ``random.Random(SEED + 1)``) is written to ``<package>-phase2.txt`` and run.

``score`` weighs the two strata by their share of the sample (two-phase stratified sampling):
p = (n_A p_A + n_B p_B) / n, with Cochran's variance for double sampling (the first phase's
p(1 - p)/n plus the subsample's); the interval is Wilson's at the effective sample size
p(1 - p) / variance. ``--raw`` scores the verdicts of
the first runs without equivalent.txt, ``--first`` with it: the estimate of the package as the
tests stood. Without either, the verdicts now (after the tests written for the sampled
survivors, re-run by name) and equivalent.txt: that says the sample's survivors were dealt
with, and overstates the package (the tests were written for exactly these mutants).

    python tests/mutation_sample/sample.py draw
    nice -n 15 mutmut run --max-children 1 $(python tests/mutation_sample/sample.py names)
    python tests/mutation_sample/sample.py split            # after stopping it
    nice -n 15 mutmut run --max-children 1 $(python tests/mutation_sample/sample.py names --phase2)
    python tests/mutation_sample/sample.py score [--raw]

Mutant names number the mutants within their function, so the same seed draws a different
sample once the source changes: the lists record the commit they were drawn at.
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
PHASE2 = {"storage": 12, "pdf": 14}
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


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def _names(package: str, phase2: bool = False) -> list[str]:
    return _lines(HERE / (f"{package}-phase2.txt" if phase2 else f"{package}.txt"))


def _first_run(which: str = "run1.txt") -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    path = HERE / which
    for line in _lines(path) if path.exists() else []:
        name, code = line.split()
        out[name] = None if code == "pending" else int(code)
    return out


def _equivalent() -> dict[str, str]:
    reasons = {}
    for line in _lines(HERE / "equivalent.txt"):
        name, _, reason = line.partition(" ")
        reasons[name] = reason.strip()
    return reasons


def wilson(p: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a share p observed in n draws."""
    if n <= 0:
        return 0.0, 1.0
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=ROOT, check=True).stdout.strip()


def draw() -> None:
    for package, size in SIZES.items():
        frame = sorted(_metas(package))
        chosen = sorted(random.Random(SEED).sample(frame, size))
        header = (f"# {size} of {len(frame)} mutants of tbcase.{package}, random.Random({SEED}).sample(sorted frame)"
                  f" at {_commit()}\n")
        (HERE / f"{package}.txt").write_text(header + "\n".join(chosen) + "\n", encoding="utf-8")
        print(f"{package}: {size} of {len(frame)}")


def split() -> None:
    lines = ["# the verdict of each sampled mutant after the first run (mutmut exit code), or pending"]
    for package in SIZES:
        verdicts = _metas(package)
        names = _names(package)
        lines += [f"{n} {'pending' if verdicts.get(n) is None else verdicts[n]}" for n in names]
        pending = sorted(n for n in names if verdicts.get(n) is None)
        chosen = sorted(random.Random(SEED + 1).sample(pending, PHASE2[package]))
        header = (f"# {len(chosen)} of the {len(pending)} sampled mutants of tbcase.{package} not run in the first"
                  f" run, random.Random({SEED + 1}).sample(sorted)\n")
        (HERE / f"{package}-phase2.txt").write_text(header + "\n".join(chosen) + "\n", encoding="utf-8")
    (HERE / "run1.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _status(code: int | None, name: str, equivalent: dict[str, str]) -> str:
    if code in KILLED or code in TIMEOUT:
        return "killed"
    if name in equivalent and code is not None:
        return "accepted" if equivalent[name].startswith("accepted") else "equivalent"
    if code is None:
        return "not run"
    return "no tests" if code in NO_TESTS else "survived"


def _ac(m: int, share: float) -> float:
    """Agresti-Coull's share (k + 2)/(m + 4) for a variance: a small subsample that killed all
    is not certainty."""
    return (share * m + 2) / (m + 4)


def score(raw: bool, first_only: bool = False) -> None:
    equivalent = {} if raw and not first_only else _equivalent()
    raw = raw or first_only
    first = _first_run()
    second = _first_run("run2.txt")  # written by hand from mutmut's log when the second phase had run
    for package in SIZES:
        now = _metas(package)
        names = _names(package)
        in_a = [n for n in names if first.get(n) is not None]
        in_b = _names(package, phase2=True)
        n_a, n_b = len(in_a), len(names) - len(in_a)
        strata = []
        report = []
        for stratum, members, size in (("A", in_a, n_a), ("B", in_b, n_b)):
            was = first if stratum == "A" else second
            statuses = {m: _status(was.get(m) if raw else now.get(m), m, equivalent) for m in members}
            done = [m for m in members if statuses[m] != "not run"]
            good = sum(statuses[m] in ("killed", "equivalent", "accepted") for m in done)
            strata.append((size, len(done), good / len(done) if done else 0.0))
            counts = {s: sum(v == s for v in statuses.values()) for s in sorted(set(statuses.values()))}
            detail = ", ".join(f"{k} {v}" for k, v in counts.items())
            report.append(f"{stratum}: {good}/{len(done)} of {size}  {detail}")
            report += [f"    {statuses[m]:10} {m}" for m in members if statuses[m] not in ("killed",)]
        n = n_a + n_b
        p = sum(size * share for size, _, share in strata) / n
        # Cochran's double sampling for stratification: the first phase's p(1 - p)/n, and each
        # subsampled stratum's w² p_h(1 - p_h)/m_h (1 - m_h/n_h) (zero for A, which was run whole),
        # with Agresti-Coull's shares (_ac): a small subsample that killed all is not certainty
        p_ac = sum(size * _ac(done, share) for size, done, share in strata) / n
        variance = p_ac * (1 - p_ac) / n + sum(
            (size / n) ** 2 * _ac(done, share) * (1 - _ac(done, share)) / max(done, 1) * (1 - done / size)
            for size, done, share in strata if size)
        n_eff = p_ac * (1 - p_ac) / variance
        low, high = wilson(p, n_eff)
        print(f"{package}: {100 * p:.1f} %  (95 % Wilson {100 * low:.1f}–{100 * high:.1f} %, effective n {n_eff:.0f})")
        for line in report:
            print("   ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["draw", "names", "split", "score"])
    parser.add_argument("--package", choices=sorted(SIZES), help="names: only this package")
    parser.add_argument("--phase2", action="store_true", help="names: the subsample of the second phase")
    parser.add_argument("--raw", action="store_true", help="score: the first verdicts, without equivalent.txt")
    parser.add_argument("--first", action="store_true", help="score: the first verdicts, with equivalent.txt")
    args = parser.parse_args()
    if args.command == "draw":
        draw()
    elif args.command == "split":
        split()
    elif args.command == "score":
        score(args.raw, args.first)
    else:
        packages = [args.package] if args.package else list(SIZES)
        sys.stdout.write("\n".join(n for p in packages for n in _names(p, args.phase2)) + "\n")


if __name__ == "__main__":
    main()
