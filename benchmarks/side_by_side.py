#!/usr/bin/env python3
"""Run benchmarks on two commits in one sitting and print their figures side by side.

    python benchmarks/side_by_side.py --base HEAD~1 -- benchmarks/align_eval.py --no-baseline
    python benchmarks/side_by_side.py --base 5426fde --runs 3 -- benchmarks/check_speed.py --runs 1

The base commit is checked out as a git worktree with its own virtualenv under
``/tmp/tm-bench-<commit>`` (made once and reused), so each side runs its own code and its own copy
of the benchmark script. The two sides take turns (base, ours, base, ours, ...) so a machine that
slows down during the run slows both alike. Every number a side prints is collected (JSON
output flattened to dotted keys; text keyed by its line with the numbers blanked out and the
number's place); the table shows, for each, the median over ``--runs`` of base and of ours and
their ratio. A figure that only one side prints is shown with a dash on the other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def prepare_base(commit: str) -> Path:
    """A worktree of ``commit`` with its own venv; made once per commit, reused afterwards."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", commit], check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = Path(f"/tmp/tm-bench-{sha}")
    if not (tree / ".venv" / "bin" / "python").exists():
        if not tree.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), sha], check=True,
                           capture_output=True)
        subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
        subprocess.run([str(tree / ".venv" / "bin" / "pip"), "install", "-q", "-e", f"{tree}[test]"], check=True,
                       capture_output=True)
    return tree


def figures(output: str) -> dict[str, float]:
    """The numbers a run printed. JSON output (``--json``) is flattened to dotted keys; text is
    read line by line, each line keyed by its text with the numbers blanked out and the
    number's place in the line (``#2``), so a table row keeps every column."""
    try:
        return dict(_flatten(json.loads(output)))
    except ValueError:
        pass
    found: dict[str, float] = {}
    for line in output.splitlines():
        numbers = _NUMBER.findall(line)
        key = " ".join(_NUMBER.sub("#", line.strip()).split())[:90]
        for i, number in enumerate(numbers, 1):
            try:
                found[f"{key} [#{i}]" if len(numbers) > 1 else key] = float(number.replace(",", ""))
            except ValueError:
                continue
    return found


def _flatten(value, prefix: str = ""):
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield prefix, float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            label = v.get("name") or v.get("document") or v.get("system") if isinstance(v, dict) else None
            yield from _flatten(v, f"{prefix}[{label if isinstance(label, str) else i}]")


def run(tree: Path, script: str, args: list[str]) -> str:
    env = dict(os.environ, PYTHONHASHSEED="0")
    python = tree / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), str(tree / script), *args], cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"{tree}: {script} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
    return done.stdout


def _show(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="example: python benchmarks/side_by_side.py --base HEAD~1 -- benchmarks/align_eval.py")
    ap.add_argument("--base", default="HEAD~1", help="the commit to compare with (default HEAD~1)")
    ap.add_argument("--ours", default=None, help="a commit to run instead of the working tree")
    ap.add_argument("--runs", type=int, default=1, help="runs per side, alternating; medians reported")
    ap.add_argument("script", help="the benchmark script, relative to the repository root")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the benchmark")
    ns = ap.parse_args()
    base = prepare_base(ns.base)
    ours = prepare_base(ns.ours) if ns.ours else ROOT
    sides: dict[str, list[dict[str, float]]] = {"base": [], "ours": []}
    for _ in range(ns.runs):
        sides["base"].append(figures(run(base, ns.script, ns.args)))
        sides["ours"].append(figures(run(ours, ns.script, ns.args)))
    keys = list(dict.fromkeys(k for side in ("ours", "base") for r in sides[side] for k in r))
    print(f"{ns.script} {' '.join(ns.args)}: base {ns.base} vs ours ({ns.ours or 'working tree'}), "
          f"{ns.runs} run(s) each, alternating, medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'figure':<100} {'base':>10} {'ours':>10} {'ratio':>7}")
    for key in keys:
        b = [r[key] for r in sides["base"] if key in r]
        o = [r[key] for r in sides["ours"] if key in r]
        bm = statistics.median(b) if b else None
        om = statistics.median(o) if o else None
        ratio = f"{om / bm:7.2f}" if bm and om is not None else "      -"
        print(f"{key:<100} {_show(bm):>10} {_show(om):>10} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
