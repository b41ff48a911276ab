#!/usr/bin/env python3
"""Derives en2023.textproto and en2025.textproto from en2024.textproto (the scenario with every line of the
Eingliederungsplanung). Run from the repository root after changing en2024: python3 scenarios/derive/derive.py

What changes, and why, is written into the derived files' `source` fields; scenarios/README.md explains the
choices. Behavioural parameters (hazards, effects) are shared: they are calibrated on en2023, the year with
observed figures, and copied into en2024 by `jcsim calibrate --out` and this script."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = (ROOT / "scenarios/en2024.textproto").read_text(encoding="utf-8")


def sub1(pattern, repl, text, flags=0):
    out, n = re.subn(pattern, repl, text, count=1, flags=flags)
    if n != 1:
        sys.exit(f"derive.py: pattern not found: {pattern}")
    return out


def instrument_blocks(text):
    """(start, end) of every top-level `instrument { ... }` block."""
    for m in re.finditer(r"^instrument \{\n", text, flags=re.M):
        end = text.index("\n}\n", m.start()) + 3
        yield m.start(), end


def en2023():
    t = SRC
    t = sub1(r"\A(#[^\n]*\n)+", """# en2023.textproto — Jobcenter EN (Ennepe-Ruhr-Kreis), year 2023: the calibration year.
#
# DERIVED from en2024.textproto by scenarios/derive/derive.py — edit en2024 and re-run the script.
# 2023 is the year with observed figures (≈3,000 integrations, 004 2.2; ≈150 in §16i, 004 ch. 6): the shared
# behavioural parameters are calibrated here (scenarios/targets/en2023.textproto) and copied into en2024.
# Capacities are the 2024 capacities scaled by plan 2023 / plan 2024 (the documents give 2023 money, not places).
""", t)
    t = sub1(r'name: "en2024"', 'name: "en2023"', t)
    t = sub1(r'description: "[^"]*"', 'description: "Jobcenter EN 2023: the calibration year (derived from en2024)"', t)
    t = sub1(r'calendar \{ start: "2024-01" horizon_months: 12 source: "[^"]*" \}',
             'calendar { start: "2023-01" horizon_months: 12 source: "000/004: year 2023" }', t)
    # Ukrainians: in SGB II since June 2022, so 7 months in benefits in January 2023.
    t = sub1(r'benefit_months_24 \{ bin \{ from: 19 to: 19 share: 0\.85 \} bin \{ from: 6 to: 18 share: 0\.15 \} source: "[^"]*" \}',
             'benefit_months_24 { bin { from: 7 to: 7 share: 0.85 } bin { from: 0 to: 6 share: 0.15 } '
             'source: "004 2.2: SGB II since June 2022 (7 months by January 2023)" }', t)
    # §16i: those who reach 60 months in 2024 were 12 months earlier in January 2023.
    t = sub1(r"elapsed \{ bin \{ from: 48 to: 59 share: ([0-9.]+) \} bin \{ from: 0 to: 47 share: ([0-9.]+) \} source: \"[^\"]*\" \}",
             r'elapsed { bin { from: 36 to: 47 share: \1 } bin { from: 0 to: 35 share: \2 } '
             r'source: "derived: the cohort that reaches 60 months in 2024 (004), 12 months earlier" }', t)
    # Capacities: 2024 capacity × plan 2023 / plan 2024. A catalogue project has no plan of its own: its line's
    # plan scales it.
    plans = {}
    for start, end in instrument_blocks(t):
        block = t[start:end]
        ident = re.search(r'^  id: "([^"]+)"', block, flags=re.M).group(1)
        p23 = re.search(r"plan \{ year: 2023 planned \{ value: ([0-9.]+) \}", block)
        p24 = re.search(r"plan \{ year: 2024 planned \{ value: ([0-9.]+) \}", block)
        if p23 and p24:
            plans[ident] = (p23, p24)
    out, at = [], 0
    for start, end in instrument_blocks(t):
        block = t[start:end]
        ident = re.search(r'^  id: "([^"]+)"', block, flags=re.M).group(1)
        line = re.search(r'^  part_of: "([^"]+)"', block, flags=re.M)
        p23, p24 = plans.get(line.group(1) if line else ident, (None, None))
        cap = re.search(r'capacity \{ unit: (PLACES|CASES_PER_YEAR|ENTRIES_PER_YEAR) amount \{ value: ([0-9.]+) source: "[^"]*" \}', block)
        # Subsidised employment keeps its places: "up to 150 funded at once" holds across the years (004).
        if p23 and p24 and cap and float(p23.group(1)) > 0 and float(p24.group(1)) > 0 and "employment {" not in block:
            a23, a24, c24 = float(p23.group(1)), float(p24.group(1)), float(cap.group(2))
            c23 = max(1, round(c24 * a23 / a24))
            block = block.replace(cap.group(0),
                                  f'capacity {{ unit: {cap.group(1)} amount {{ value: {c23} source: "derived: 2024 capacity '
                                  f'{cap.group(2)} x plan 2023 {p23.group(1)} / plan 2024 {p24.group(1)} (004 ch. 6)" }}')
        # The quarterly Bildungszielplanung is the 2024 plan (004 annex): 2023's is not in the documents.
        block = re.sub(r"\n    # 004 annex, Bildungszielplanung 2024[^\n]*\n(    per_quarter [^\n]*\n)*    per_quarter [^\n]* \}\n",
                       " }\n", block)
        out.append(t[at:start] + block)
        at = end
    t = "".join(out) + t[at:]
    return t


def en2025():
    t = SRC
    t = sub1(r"\A(#[^\n]*\n)+", """# en2025.textproto — Jobcenter EN (Ennepe-Ruhr-Kreis), 2024 and 2025: the FbW / rehabilitation transfer.
#
# DERIVED from en2024.textproto by scenarios/derive/derive.py — edit en2024 and re-run the script.
# Two years: 2024 as planned, then from 01.01.2025 FbW (Umschulung, Fortbildung, Weiterbildungsgeld) and
# rehabilitation measures are paid by the Agentur für Arbeit (money leaves the EGT, placement stays with the
# Jobcenter; DOMAIN.md, 004). The 2025 budgets are not in the documents: assumption = the 2024 amounts, the EGT
# reduced by the plan 2024 of the transferred instruments.
""", t)
    t = sub1(r'name: "en2024"', 'name: "en2025"', t)
    t = sub1(r'description: "[^"]*"', 'description: "Jobcenter EN 2024-2025: FbW and rehabilitation move to the Agentur für Arbeit"', t)
    t = sub1(r'calendar \{ start: "2024-01" horizon_months: 12 source: "[^"]*" \}',
             'calendar { start: "2024-01" horizon_months: 24 source: "004: planning year 2024, and 2025" }', t)
    # Flat-rate lines (spent evenly through the year): 2025 as planned for 2024.
    out, at = [], 0
    for start, end in instrument_blocks(t):
        block = t[start:end]
        if "unit: FLAT_RATE" in block:
            p24 = re.search(r"  plan \{ year: 2024 planned \{ value: ([0-9.]+)[^\n]*\n", block)
            block = block.replace(p24.group(0), p24.group(0) + f'  plan {{ year: 2025 planned {{ value: {p24.group(1)} '
                                  f'source: "assumption: as planned for 2024" }} }}\n')
        out.append(t[at:start] + block)
        at = end
    t = "".join(out) + t[at:]
    moved = ["fbw_umschulung", "fbw_fortbildung", "weiterbildungsgeld", "reha_pflicht"]
    plan24 = 0.0
    for start, end in instrument_blocks(t):
        block = t[start:end]
        m = re.search(r'id: "([a-z0-9_]+)"', block)
        if m and m.group(1) in moved:
            plan24 += float(re.search(r"plan \{ year: 2024 planned \{ value: ([0-9.]+) \}", block).group(1))
    # 2025 budget years: the 2024 amounts; the EGT without the transferred instruments.
    def add_2025(title, amount, source):
        nonlocal t
        pattern = r'(budget_title \{\n  id: "' + title + r'"\n(?:.*\n)*?)(\}\n)'
        t = sub1(pattern, r'\1  year { year: 2025 amount { value: ' + f"{amount:.2f}" + ' source: "' + source + r'" } }' + "\n" + r"\2", t)
    egt24 = float(re.search(r"year: 2024\n    amount \{ value: ([0-9.]+)", t).group(1))
    add_2025("egt", egt24 - 1000000 - plan24,
             f"assumption: 2024 amount {egt24:.0f} minus the 1,000,000 shift, minus plan 2024 of FbW and rehabilitation "
             f"{plan24:.2f} (004 ch. 6), which the Agentur pays from 2025")
    for title in ["jobperspektive", "pat", "kommunal_16a"]:
        m = re.search(r'budget_title \{\n  id: "' + title + r'"\n(?:.*\n)*?  year \{ year: 2024 amount \{ value: ([0-9.]+)', t)
        if m:
            add_2025(title, float(m.group(1)), "assumption: as 2024 (no 2025 figure in the documents)")
    t = sub1(r'(budget_title \{\n  id: "bamf")', 'budget_title {\n  id: "agentur"\n  name: "Agentur für Arbeit (SGB III: FbW, '
             'Rehabilitation ab 2025)"\n  kind: EXTERNAL\n}\n\n' + r"\1", t)
    events = "\n# ---- policy calendar ------------------------------------------------------------------------------------------\n"
    for ins in moved:
        events += (f'event {{ id: "transfer_{ins}" name: "{ins}: paid by the Agentur für Arbeit" effective: "2025-01" '
                   f'source: "DOMAIN.md / 004: FbW and rehabilitation move to the Agentur für Arbeit on 01.01.2025" '
                   f'funding {{ instrument: "{ins}" title: "agentur" }} }}\n')
    t = sub1(r"(\n# ---- Förderketten)", events + r"\1", t)
    return t


if __name__ == "__main__":
    derived = {"scenarios/en2023.textproto": en2023(), "scenarios/en2025.textproto": en2025()}
    if sys.argv[1:] == ["--check"]:  # the test suite: are the committed files what en2024 derives to?
        stale = [name for name, text in derived.items() if (ROOT / name).read_text(encoding="utf-8") != text]
        if stale:
            sys.exit("out of date (run python3 scenarios/derive/derive.py): " + ", ".join(stale))
        print("en2023 and en2025 are in sync with en2024")
    else:
        for name, text in derived.items():
            (ROOT / name).write_text(text, encoding="utf-8")
        print("wrote " + " and ".join(derived))
