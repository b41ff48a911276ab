#!/usr/bin/env python3
"""Compares two runs' summary.csv metric by metric: |z| = |mean_a - mean_b| / sqrt(sd_a^2/n_a + sd_b^2/n_b).

For a change that should leave the model as it was in distribution but draws other random numbers (new keys, other
words): run the old and the new binary on the same scenario with different seeds and enough replications, then

    benchmarks/summary_z.py OLD/summary.csv NEW/summary.csv REPLICATIONS

Two runs of one model give |z| of mean ~0.8 with few above 3 (about 0.3 %); a changed model shows as many large |z|.
Prints the count of series-months, the mean |z|, how many exceed 3 and 4, and the largest.
"""
import csv
import math
import sys


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["metric"], r["segment"], r["month"]): (float(r["mean"]), float(r["sd"])) for r in csv.DictReader(f)}


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: summary_z.py A/summary.csv B/summary.csv REPLICATIONS [REPLICATIONS_B]")
    a, b = load(sys.argv[1]), load(sys.argv[2])
    na = float(sys.argv[3])
    nb = float(sys.argv[4]) if len(sys.argv) == 5 else na
    scores = []
    for key in sorted(a.keys() & b.keys()):
        (ma, sa), (mb, sb) = a[key], b[key]
        se = math.sqrt(sa * sa / na + sb * sb / nb)
        if se > 0:
            scores.append((abs(ma - mb) / se, key, ma, mb))
        elif ma != mb:
            scores.append((math.inf, key, ma, mb))
    scores.sort(reverse=True)
    finite = [z for z, *_ in scores if math.isfinite(z)]
    print(f"series-months {len(scores)}  mean |z| {sum(finite) / max(len(finite), 1):.2f}  "
          f"|z| > 3: {sum(z > 3 for z, *_ in scores)}  |z| > 4: {sum(z > 4 for z, *_ in scores)}")
    for z, key, ma, mb in scores[:8]:
        print(f"{z:6.2f}  {' '.join(key)}  {ma:.4g}  {mb:.4g}")


if __name__ == "__main__":
    main()
