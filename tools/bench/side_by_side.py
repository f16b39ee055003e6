"""Alternates zoo-bench with the fastest anchor of each workload and prints the ratios per cycle.

This machine kind switches between fast and slow phases minutes apart (the same binary: W1 22 vs
30 ms), so a ratio only means something when the zoo and the anchor ran close together. Each
cycle runs `zoo-bench --json` for the workloads, then each workload's anchor once through
../shared/bench/bar_anchor.py; a last zoo-bench run closes the final cycle. Every anchor is
printed against the zoo run before it and the one after it ("before|after").

    python3 tools/bench/side_by_side.py                      # W1 W2 W3 W5 W6, 3 cycles
    python3 tools/bench/side_by_side.py --workloads W4 --cycles 1
    python3 tools/bench/side_by_side.py --workloads W7          # against tools/bench/w7_anchor.py (eager, compile)

Needs the anchor venvs of ../shared/bench/setup_anchors.sh and a release build
(`swift build -c release`).
"""
import argparse
import json
import os
import subprocess
import sys

# The fastest anchors of SPEC.md §4 per workload (framework names of bar_anchor.py, venv).
ANCHORS = {
    "W1": [("torch", "tvenv")],
    "W2": [("torch", "tvenv")],
    "W3": [("torch", "tvenv")],
    "W4": [("torch", "tvenv")],
    "W5": [("keras-xla", "venv")],
    "W6": [("ort", "venv"), ("torch", "tvenv")],
    "W7": [("eager", "tvenv"), ("compile", "tvenv")],
}
TARGETS = {"W1": 1.2, "W2": 1.5, "W3": 1.3, "W4": 1.0, "W5": 3.0, "W6": 1.1, "W7": 1.2}


def zoo_run(zoo_bench, workloads, simd):
    """Medians in seconds per workload from one zoo-bench --json run (kernel path `simd`, or the fastest)."""
    out = subprocess.run([zoo_bench, *workloads, "--json", *(["--simd", simd] if simd else [])],
                         check=True, capture_output=True, text=True).stdout
    return {r["workload"]: r["median"] for r in map(json.loads, filter(None, out.splitlines()))}


def anchor_run(bench_dir, venvs, framework, venv, workload):
    """The anchor's median: bar_anchor.py of ../shared/bench, or for W7 tools/bench/w7_anchor.py."""
    python = os.path.join(venvs, venv, "bin", "python")
    script = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "w7_anchor.py"), framework] if workload == "W7" \
        else ["bar_anchor.py", framework, workload]
    out = subprocess.run([python, *script], cwd=bench_dir, check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", default="W1,W2,W3,W5,W6", help="comma list of W1 … W7")
    p.add_argument("--cycles", type=int, default=3)
    p.add_argument("--simd", choices=["generic", "avx2", "avx512"], help="zoo-bench's kernel path (default: the fastest)")
    p.add_argument("--zoo-bench", default=os.path.join(root, ".build", "release", "zoo-bench"))
    p.add_argument("--shared", default=os.path.join(os.path.dirname(root), "shared"))
    p.add_argument("--venvs", default=os.environ.get("ANCHORS_DIR", os.path.expanduser("~/.cache/rnnzoo-anchors")))
    args = p.parse_args()
    workloads = args.workloads.split(",")
    unknown = [w for w in workloads if w not in ANCHORS]
    if unknown:
        sys.exit(f"side_by_side.py: unknown workload(s) {', '.join(unknown)} (known: {', '.join(ANCHORS)})")
    bench_dir = os.path.join(args.shared, "bench")

    zoo = [zoo_run(args.zoo_bench, workloads, args.simd)]
    anchors = []
    for _ in range(args.cycles):
        anchors.append({(w, f): anchor_run(bench_dir, args.venvs, f, v, w) for w in workloads for f, v in ANCHORS[w]})
        zoo.append(zoo_run(args.zoo_bench, workloads, args.simd))

    # Medians are seconds per step / batch / run of 1000 tokens: ×1000 gives ms, or µs per token.
    unit = {w: "µs/token" if w == "W5" else "ms" for w in workloads}
    for c, cycle in enumerate(anchors):
        print(f"cycle {c + 1}")
        for (w, f), a in cycle.items():
            before, after = zoo[c][w], zoo[c + 1][w]
            print(f"  {w} {f:9} {a * 1e3:8.2f} {unit[w]:8}  zoo {before * 1e3:.2f}|{after * 1e3:.2f}"
                  f"  ratio {a / before:.2f}|{a / after:.2f}  (target {TARGETS[w]})")


if __name__ == "__main__":
    main()
