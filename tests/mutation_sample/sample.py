"""A seeded random sample of the mutants of tbcase.storage and tbcase.pdf, run whole, and its score.

Running every mutant of storage (~8,700) and pdf (~2,300) takes days on a 2-core machine: a
surviving mutant runs every test that reaches its function. A uniform random sample estimates each
package's score, with a 95 % Wilson interval.

1. ``draw``: a uniform sample of each package (``SIZES``, ``random.Random(SEED)``) from the frame of
   every mutant name in ``mutants/tbcase/<package>/*.py.meta``, sorted; the two samples together are
   then put in a seeded random order (``random.Random(SEED + 1).shuffle``) and written to
   ``sample.txt`` in that order.
2. ``run``: runs mutmut on the sampled names in exactly that order (mutmut itself runs the names it
   is given cheapest first: stopping such a run early leaves the costly ones, more often survivors,
   unrun). Whatever is done when a run is stopped, the longest finished prefix of each package's
   order is a uniform random subsample of it, so an unfinished run still scores honestly (the
   mutants after the first unfinished one are left out, finished or not). Each mutant gets a wall
   limit of ``TIMEOUT_MULTIPLIER`` × (its tests' time in mutmut's stats + ``TIMEOUT_CONSTANT`` s).
3. ``record first.txt``: each sampled mutant's first verdict (mutmut's exit code) and time. A
   timeout is no verdict: ``rerun`` runs it again without a limit on the tests as they stood, in a
   copy of mutants/ taken during the run (``timeouts.txt``).
4. A survivor gets a test that kills it, checked with ``verify`` (fails with the mutant, passes
   without; ``kills.txt`` names the test), or a line in ``equivalent.txt`` with its reason.
5. ``score``: per package, killed / scored over the finished prefix of ``first.txt``: the estimate of
   the package as the tests stood when the sample was drawn. ``--raw`` without ``equivalent.txt``,
   ``--after`` with ``kills.txt`` (overstates the package: those tests were written for exactly these
   mutants). A timeout counts as a kill only when ``equivalent.txt`` says the tests hang
   ("hangs: …"); "no tests" and "accepted" (a survivor left alone, for its reason) count as not killed.

    python tests/mutation_sample/sample.py draw         # after mutmut has generated the mutants
    nice -n 5 python tests/mutation_sample/sample.py run --max-children 2
    python tests/mutation_sample/sample.py record first.txt
    python tests/mutation_sample/sample.py rerun /tmp/copy-of-mutants NAME …   # each timeout
    python tests/mutation_sample/sample.py verify /tmp/copy-of-mutants NAME TEST_NODE_ID …
    python tests/mutation_sample/sample.py score [--raw | --after]

Mutant names number the mutants within their function, so the same seed draws a different sample
once the source changes: ``sample.txt`` records the commit it was drawn at. Each sample keeps its
files in ``seed<SEED>/``; ``--seed N`` works on an earlier one (``--seed 2026112905 score``: session
5's, at 11025bc). The session-4 sample (seed 20261129, two-phase, scored by an earlier version of
this script) is kept as a record in ``seed20261129/``.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

SEED = 2026112906  # each sample lives in seed<SEED>/; --seed works on an earlier one
SIZES = {"storage": 250, "pdf": 250}
TIMEOUT_MULTIPLIER = 3.0  # mutmut's wall limit is multiplier × (estimate + constant), its CPU limit twice that
TIMEOUT_CONSTANT = 10.0
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MUTANTS = ROOT / "mutants"
SAMPLE = HERE / f"seed{SEED}"

KILLED = {1, 3}  # a test failed (3: pytest's internal error, as mutmut counts it)
TIMEOUT = {36, -24, 24, 152, 255}  # the mutant ran past its limit
NO_TESTS = {5, 33}


def _package(name: str) -> str:
    return name.split(".")[1]


def _metas() -> tuple[dict[str, int | None], dict[str, float]]:
    verdicts: dict[str, int | None] = {}
    durations: dict[str, float] = {}
    for meta in sorted((MUTANTS / "tbcase").glob("*/*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        verdicts.update(data["exit_code_by_key"])
        durations.update(data.get("durations_by_key", {}))
    return verdicts, durations


def _lines(path: Path) -> list[str]:
    if not path.exists():  # a sample's equivalent.txt, kills.txt or timeouts.txt before its first line
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def _names(package: str | None = None) -> list[str]:
    return [n for n in _lines(SAMPLE / "sample.txt") if package is None or _package(n) == package]


def _recorded(which: str) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for line in _lines(SAMPLE / which):
        name, code, *_ = line.split()
        out[name] = None if code == "pending" else int(code)
    return out


def _equivalent() -> dict[str, str]:
    reasons = {}
    for line in _lines(SAMPLE / "equivalent.txt"):
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
    verdicts, _ = _metas()
    chosen: list[str] = []
    header = []
    for package, size in SIZES.items():
        frame = sorted(n for n in verdicts if _package(n) == package)
        chosen += random.Random(SEED).sample(frame, size)
        header.append(f"{size} of the {len(frame)} mutants of tbcase.{package}")
    random.Random(SEED + 1).shuffle(chosen)
    SAMPLE.mkdir(exist_ok=True)
    (SAMPLE / "sample.txt").write_text(
        f"# {' and '.join(header)} at {_commit()}: random.Random({SEED}).sample(sorted frame) each, then together\n"
        f"# in the order of random.Random({SEED + 1}).shuffle, the order they are run in\n" + "\n".join(chosen) + "\n",
        encoding="utf-8")
    print(", ".join(header))


def run(names: list[str], max_children: int, cap: float) -> None:
    """mutmut's run, with the names run in the given order and the sample's time limit (at most cap s)."""
    import mutmut.__main__ as mutmut_main  # only this command needs mutmut
    from mutmut.configuration import config

    os.chdir(ROOT)
    rank = {name: i for i, name in enumerate(names)}
    mutmut_main.estimated_worst_case_time = lambda name: rank.get(name, len(rank))  # the order of sorted()
    cfg = config()
    cfg.timeout_multiplier = TIMEOUT_MULTIPLIER
    cfg.timeout_constant = TIMEOUT_CONSTANT
    make_runner = mutmut_main.get_mutant_runner

    def runner(children: int) -> object:
        made = make_runner(children)
        # mutmut's full stats run already ran every selected test on the unmutated code (it stops at
        # the first failure), so its "clean tests" run (minutes) is left out
        made.run_clean_tests = lambda tests: 0
        submit = made.submit
        if cap:  # the wall limit is half the CPU limit
            made.submit = lambda name, tests, cpu, estimate: submit(name, tests, min(cpu, 2 * cap), estimate)
        return made

    mutmut_main.get_mutant_runner = runner
    mutmut_main._run(names, max_children)


def record(which: str) -> None:
    verdicts, durations = _metas()
    lines = ["# each sampled mutant's verdict (mutmut's exit code, or pending) and the seconds its tests took"]
    for name in _names():
        code = verdicts.get(name)
        lines.append(f"{name} pending" if code is None else f"{name} {code} {durations.get(name, 0.0):.1f}")
    (SAMPLE / which).write_text("\n".join(lines) + "\n", encoding="utf-8")


def verify(name: str, tests: list[str], folder: Path) -> None:
    """Run ``tests`` (node ids, from the worktree's tests/) against one mutant, in ``folder``: a copy
    of mutants/ taken while a run goes on, the tests copied in. The same switch as mutmut's own
    runs: its trampolines run the mutant named in MUTANT_UNDER_TEST. The tests must pass on the
    unmutated code first."""
    for test in {t.split("::")[0] for t in tests}:
        (folder / test).write_bytes((ROOT / test).read_bytes())
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]
    for under, want in (("", 0), (name, 1)):
        env = {**os.environ, "MUTANT_UNDER_TEST": under, "QT_QPA_PLATFORM": "offscreen"}
        code = subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False).returncode
        print(f"{name if under else 'unmutated'}: exit {code}", "" if code == want else "(NOT as expected)")
        if code != want:
            return


def rerun(name: str, folder: Path) -> None:
    """A mutant that ran out of time, run again without a limit: the tests mutmut selected for it
    (from mutants/mutmut-stats.json), in ``folder``, a copy of mutants/ holding the tests as they
    stood (not the ones written since). Its exit code goes to timeouts.txt."""
    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text(encoding="utf-8"))
    function = name.rsplit("__mutmut_", 1)[0].replace("__init__.", "")
    tests = sorted(stats["tests_by_mangled_function_name"][function])
    env = {**os.environ, "MUTANT_UNDER_TEST": name, "QT_QPA_PLATFORM": "offscreen"}
    code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly",
                           *tests], cwd=folder, env=env, capture_output=True, check=False).returncode
    with (SAMPLE / "timeouts.txt").open("a", encoding="utf-8") as out:
        out.write(f"{name} {code}\n")
    print(name, code)


def _status(code: int | None, name: str, equivalent: dict[str, str]) -> str:
    reason = equivalent.get(name, "")
    if code in KILLED or (code in TIMEOUT and reason.startswith("hangs")):
        return "killed"
    if code is None:
        return "not run"
    if code in TIMEOUT:
        return "timeout"
    if reason:
        return "accepted" if reason.startswith("accepted") else "equivalent"
    return "no tests" if code in NO_TESTS else "survived"


def score(raw: bool, after: bool) -> None:
    equivalent = {} if raw else _equivalent()
    first = _recorded("first.txt")
    for name, code in _recorded("timeouts.txt").items():  # run again without the time limit
        if first.get(name) in TIMEOUT:
            first[name] = code
    now = dict(first)
    if after:  # the survivors a test was written for (checked with verify) count as killed
        now.update((line.split()[0], 1) for line in _lines(SAMPLE / "kills.txt"))
    for package in SIZES:
        names = _names(package)
        done = 0
        while done < len(names) and first.get(names[done]) is not None:
            done += 1
        scored = names[:done]  # the finished prefix of the run order: a uniform subsample
        statuses = {m: _status(now.get(m), m, equivalent) for m in scored}
        good = sum(statuses[m] in ("killed", "equivalent") for m in scored)  # "accepted" is not
        p = good / done if done else 0.0
        low, high = wilson(p, done)
        counts = ", ".join(f"{s} {sum(v == s for v in statuses.values())}" for s in sorted(set(statuses.values())))
        left = sum(first.get(n) is not None for n in names[done:])
        print(f"{package}: {100 * p:.1f} %  (95 % Wilson {100 * low:.1f}–{100 * high:.1f} %, n {done} of {len(names)}"
              f" sampled; {left} finished after the first unfinished one, left out)  {counts}")
        for m in scored:
            if statuses[m] != "killed":
                print(f"    {statuses[m]:10} {m}")


def main() -> None:
    global SAMPLE, SEED
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["draw", "names", "run", "record", "score", "verify", "rerun"])
    parser.add_argument("args", nargs="*", help="run: mutant names (default: the sample); record: the file to write")
    parser.add_argument("--package", choices=sorted(SIZES), help="names: only this package")
    parser.add_argument("--max-children", type=int, default=2, help="run: mutants at a time")
    parser.add_argument("--cap", type=float, default=0.0, help="run: at most this many seconds per mutant")
    parser.add_argument("--raw", action="store_true", help="score: without equivalent.txt")
    parser.add_argument("--after", action="store_true", help="score: with the tests in kills.txt")
    parser.add_argument("--seed", type=int, default=SEED, help="the sample (folder seed<SEED>/) to work on")
    args = parser.parse_args()
    SEED, SAMPLE = args.seed, HERE / f"seed{args.seed}"
    if args.command == "draw":
        draw()
    elif args.command == "run":
        if args.args:
            run(args.args, args.max_children, args.cap)
        else:  # the sample's mutants without a verdict yet (naming a mutant runs it again)
            verdicts, _ = _metas()
            run([n for n in _names() if verdicts.get(n) is None], args.max_children, args.cap)
    elif args.command == "record":
        record(args.args[0] if args.args else "first.txt")
    elif args.command == "verify":  # verify FOLDER NAME TEST...
        verify(args.args[1], args.args[2:], Path(args.args[0]))
    elif args.command == "rerun":  # rerun FOLDER NAME...
        for name in args.args[1:]:
            rerun(name, Path(args.args[0]))
    elif args.command == "score":
        score(args.raw, args.after)
    else:
        sys.stdout.write("\n".join(_names(args.package)) + "\n")


if __name__ == "__main__":
    main()
