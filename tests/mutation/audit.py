#!/usr/bin/env python3
"""Mutation audit: does the test suite notice when the engine is wrong?

Each mutant below is a small, plausible bug in one engine file (a comparison off by one, a factor left out, an
event ignored). The audit applies one mutant at a time, rebuilds, runs ctest and reports:

  KILLED       a behaviour test fails (not only a golden hash);
  GOLDEN-ONLY  only Golden.* fails: the bug changes results, but no test says what is wrong, and whoever updates
               the hashes for an intended change would let it through;
  SURVIVED     no test fails;
  NO-BUILD     the mutant does not compile (a mistake in this list).

Mutants marked `equivalent` cannot change behaviour the tests can see (the reason is given); every other mutant
must be KILLED, else the audit exits 1. It edits the engine's files in place and restores each one, so it refuses
to start while engine/ has uncommitted changes. About a minute and a half per mutant on two cores; not part of CI.

    python3 tests/mutation/audit.py [--build-dir build] [ID ...]
"""
import argparse
import pathlib
import re
import signal
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# (id, file, text, replacement, the bug, equivalent-because or None)
MUTANTS = [
    ("capacity-places", "engine/sim/assignment.cpp", "return st.occupied < st.capacity;",
     "return st.occupied <= st.capacity;", "one place more than capacity", None),
    ("capacity-year", "engine/sim/assignment.cpp", "return open >= 1 ? st.year_count < st.capacity",
     "return open >= 1 ? st.year_count <= st.capacity", "one case or entry more than the year's capacity", None),
    ("caseworkers-unlimited", "engine/sim/assignment.cpp", "std::min(per_elb, 1.0) * waiting_per_team[k]",
     "std::max(per_elb, 1.0) * waiting_per_team[k]", "caseworker capacity no longer limits decisions", None),
    ("caseworkers-one-more", "engine/sim/assignment.cpp", "if (team.decisions_left <= 0) continue;",
     "if (team.decisions_left < 0) continue;", "one decision more per team than its contacts", None),
    ("p16i-reentry", "engine/sim/assignment.cpp", "w.agents.subsidy_months[i] >= x.employment.max_months;",
     "w.agents.subsidy_months[i] > x.employment.max_months;", "re-entry into §16i at the 60-month maximum", None),
    ("budget-overshoot", "engine/sim/world.cpp", "ts.bound_cents[static_cast<size_t>(y)] + part <= ts.limit_cents",
     "ts.bound_cents[static_cast<size_t>(y)] <= ts.limit_cents", "a commitment may overshoot the limit", None),
    ("overdraft-twice", "engine/sim/budget.cpp", "(1.0 + bt.overdraft_share)", "(1.0 + 2 * bt.overdraft_share)",
     "the overdraft counted twice", None),
    ("commitments-ignored", "engine/sim/budget.cpp", "+= std::llround(100.0 * by->commitments);", "+= 0;",
     "declared commitments not bound in the first year", None),
    ("p16i-past-60", "engine/sim/progress.cpp", "if (a.subsidy_months[i] >= rules.max_months) {",
     "if (a.subsidy_months[i] > rules.max_months) {", "§16i runs past its maximum", None),
    ("p16i-dismissal", "engine/sim/progress.cpp", "if (u <= rules.job_hazard + rules.dismissal_hazard) {",
     "if (u <= rules.dismissal_hazard) {", "the dismissal hazard shifted", None),
    ("p16i-extension", "engine/sim/progress.cpp", "if (u01(ws[0]) <= rules.extension_probability) {",
     "if (u01(ws[0]) > rules.extension_probability) {", "the extension probability inverted", None),
    ("staff-above-positions", "engine/sim/staff.cpp",
     "st.fte = std::min(st.fte + st.arrivals[static_cast<size_t>(w.t)], st.positions);",
     "st.fte = st.fte + st.arrivals[static_cast<size_t>(w.t)];", "hires above the budgeted positions",
     "arrivals only refill earlier departures and start vacancies, so FTE cannot exceed the positions"),
    ("hiring-lag", "engine/sim/staff.cpp", "const int arrive = w.t + team.hiring_lag_months;",
     "const int arrive = w.t + team.hiring_lag_months + 1;", "the hiring lag one month too long", None),
    ("contact-elasticity", "engine/sim/staff.cpp", "std::pow(density / jf.contact_reference, jf.contact_elasticity)",
     "std::pow(density / jf.contact_reference, 2 * jf.contact_elasticity)", "the contact elasticity doubled", None),
    ("lzb-threshold", "engine/sim/accounting.cpp", "const uint8_t lzb = in & static_cast<uint8_t>(b24 >= lzb_min);",
     "const uint8_t lzb = in & static_cast<uint8_t>(b24 > lzb_min);", "LZB needs one month more", None),
    ("k2-window", "engine/sim/accounting.cpp", "const int from = std::max(0, t - 11)",
     "const int from = std::max(0, t - 10)", "K2 over 11 months", None),
    ("lzb-activation", "engine/sim/accounting.cpp", "lzb_active[m] = total.by_mask[stats::kParticipants][m];",
     "lzb_active[m] = total.by_mask[stats::kElbStock][m];", "every LZB counted as active", None),
    ("caseload-per-bg", "engine/sim/accounting.cpp", "? team.served / w.s.population.elb_per_bg",
     "? team.served * w.s.population.elb_per_bg", "caseload per BG multiplied", None),
    ("caseload-per-fte", "engine/sim/accounting.cpp", "team.fte > 0 ? load / team.fte : 0.0",
     "team.fte > 0 ? load / (team.fte + 1) : 0.0", "caseload per FTE off by one FTE", None),
    ("commitments-next-year", "engine/sim/accounting.cpp",
     "static_cast<double>(title.bound_cents[static_cast<size_t>(y + 1)]) / 100.0 : 0",
     "static_cast<double>(title.bound_cents[static_cast<size_t>(y)]) / 100.0 : 0",
     "commitments_next_year reports this year's", None),
    ("flat-rate", "engine/sim/accounting.cpp", "(mm - 1) / 12.0)", "(mm - 1) / 13.0)", "flat-rate lines overpay", None),
    ("exit-rate-event", "engine/sim/exits.cpp",
     "std::min(base * w.rate_factor[a.segment[i]][static_cast<size_t>(model::Event::Rate::kExit)], 1.0)",
     "std::min(base, 1.0)", "exit rate events ignored in the full steps", None),
    ("exit-keeps-place", "engine/sim/exits.cpp", "if (a.instrument[i] >= 0) w.leave_instrument(i, tally);",
     "if (a.instrument[i] < -1) w.leave_instrument(i, tally);", "a participant who leaves keeps the place", None),
    ("no-lock-in", "engine/sim/job_finding.cpp",
     "if (status == Status::kMeasure) h *= w.s.instruments[static_cast<size_t>(a.instrument[i])].lock_in;", "",
     "no lock-in", None),
    ("no-marktfern", "engine/sim/job_finding.cpp",
     "if (a.distance[i] == static_cast<uint8_t>(model::Distance::kMarktfern)) h *= jf.marktfern_factor;", "",
     "the marktfern factor left out of the full steps", None),
    ("no-contact-factor", "engine/sim/job_finding.cpp",
     "if (w.team_of[i] >= 0) h *= w.contact_factor[static_cast<size_t>(w.team_of[i])];", "",
     "the contact factor left out of the full steps", None),
    ("no-post-effect", "engine/sim/job_finding.cpp",
     "h *= w.prepared.post_factor[static_cast<size_t>(a.post_instrument[i])][a.post_months[i]];", "h *= 1;",
     "the post-programme effect left out of the full steps", None),
    ("post-decay", "engine/sim/prepared.cpp", "std::exp2(-static_cast<double>(m) / x.post_half_life)",
     "std::exp2(-static_cast<double>(m + 1) / x.post_half_life)", "the post-programme effect decays a month early",
     None),
    ("dropout-rate-event", "engine/sim/progress.cpp",
     "x.dropout_hazard * w.rate_factor[a.segment[i]][static_cast<size_t>(model::Event::Rate::kDropout)];",
     "x.dropout_hazard;", "dropout rate events ignored", None),
    ("dropout-halved", "engine/sim/progress.cpp", "if (draws.below(2, dropout)) {",
     "if (draws.below(2, dropout / 2)) {", "the dropout hazard halved", None),
    ("chain-probabilities", "engine/sim/world.cpp", "if (u <= acc && tg.probability > 0) {",
     "if (u <= acc - 0.1 && tg.probability > 0) {", "a stage's target probabilities shifted", None),
    ("supplement-cases", "engine/sim/world.cpp", "if (ss.closed || ss.supplement_cases >= ss.capacity) continue;",
     "if (ss.closed || ss.supplement_cases > ss.capacity) continue;", "one supplement case above capacity", None),
    ("supplement-budget", "engine/sim/world.cpp",
     "if (title.bound_cents[static_cast<size_t>(y)] + this_year > title.limit_cents) continue;",
     "if (title.bound_cents[static_cast<size_t>(y)] + this_year > title.limit_cents + (int64_t{1} << 60)) continue;",
     "a supplement ignores its title's budget", None),
    ("entries-not-cases", "engine/sim/world.cpp", "++st.year_count;\n  ++st.entries;", "++st.entries;",
     "entries not counted towards the year's cases", None),
    ("ends-benefit", "engine/sim/world.cpp", "if (u01(w[1]) <= jf.ends_benefit_share) leave_benefits(i);",
     "if (u01(w[1]) > jf.ends_benefit_share) leave_benefits(i);", "the share of jobs that end benefits inverted",
     None),
    ("return-late", "engine/sim/world.cpp", "const int back = t + 1 + uniform_index(w[3], window);",
     "const int back = t + 2 + uniform_index(w[3], window);", "returners a month late", None),
    ("return-window", "engine/sim/world.cpp", "uniform_index(w[3], window);", "uniform_index(w[3], window + 6);",
     "the return window six months too long", None),
    ("returner-outside-benefits", "engine/sim/inflow.cpp", "if (!a.in_benefits[i]) w.back_to_benefits(i);", "",
     "a returner does not come back into benefits", None),
    ("queue-ties", "engine/sim/world.h", "return x.order != y.order ? x.order < y.order : x.id < y.id;",
     "return x.order != y.order ? x.order < y.order : x.id > y.id;", "ties of the queue's order broken the other way",
     "two waiting ELB share a 48-bit order key (month the wait began, random priority) with probability ~2^-32"),
    ("cofinance-share", "engine/sim/world.cpp", "std::llround(static_cast<double>(cents) * x.cofinance_share)",
     "std::llround(static_cast<double>(cents) * x.cofinance_share * 0.5)", "half the co-financed share", None),
    ("chain-target-group", "engine/sim/world.cpp",
     "if (!chain_profile_only[c] && !k.target_group.holds(facts(i))) continue;",
     "if (!chain_profile_only[c] && !k.target_group.holds(facts(i)) && c > 64) continue;",
     "target groups that read more than the profile ignored", None),
    ("participation-share", "engine/sim/world.cpp", "if (u <= k.participation) {",
     "if (u < k.participation * 0.9) {", "a Förderkette's participation share cut by a tenth", None),
    ("review-hazard", "engine/sim/agent_month.cpp", "      w.choose_chain(i, u / r);",
     "      w.choose_chain(i, u / r / 2);", "a review offers chains twice as often", None),
    ("wait-expiry", "engine/sim/agent_month.cpp", "if (limit > 0 && w.t - a.waiting_since[i] >= limit) {",
     "if (limit > 0 && w.t - a.waiting_since[i] > limit) {", "a wait runs a month past its limit", None),
    ("close-event", "engine/sim/calendar.cpp", "ins->closed = true;", "ins->closed = false;", "close events ignored",
     None),
    ("capacity-event", "engine/sim/calendar.cpp", "ins->capacity = e.value;", "ins->capacity = e.value + 1;",
     "capacity events one place too many", None),
    ("budget-event", "engine/sim/calendar.cpp", "title.override_amount = e.value;",
     "title.override_amount = e.value * 2;", "budget events doubled", None),
    ("funding-event", "engine/sim/calendar.cpp", "ins->title = e.other;", "ins->title = ins->title + 0 * e.other;",
     "funding events ignored", None),
    ("rate-event-segments", "engine/sim/calendar.cpp", "if (e.segment_mask >> g & 1u) w.rate_factor",
     "if (e.segment_mask >> g & 1u || true) w.rate_factor", "rate events apply to every segment", None),
    ("redirect-event", "engine/sim/calendar.cpp", "ins->redirect = e.other;",
     "ins->redirect = ins->redirect + 0 * e.other;", "redirects ignored", None),
    # The second audit: subsidised employment beyond §16i's shared rules, completion, integration kinds, the
    # catalogue's order, costs by year, budget opening, the benefit history's 84-month window and the quiet test.
    ("working-elb-exit", "engine/sim/exits.cpp", "draws.below(3, w.s.job_finding.working_elb_exit_hazard)",
     "draws.below(3, 0.5 * w.s.job_finding.working_elb_exit_hazard)", "working ELB's benefit ends half as often",
     None),
    ("exits-spare-participants", "engine/sim/exits.cpp", "if (!a.in_benefits[i]) return false;",
     "if (!a.in_benefits[i] || a.status[i] == static_cast<uint8_t>(Status::kMeasure)) return false;",
     "participants never leave without an integration", None),
    ("turnover-halved", "engine/sim/staff.cpp", "binomial_distribution<int>(heads, team.turnover_hazard)",
     "binomial_distribution<int>(heads, team.turnover_hazard / 2)", "staff turnover halved", None),
    ("inflow-rate-event", "engine/sim/inflow.cpp",
     "inflow[static_cast<size_t>(w.t)] * w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kInflow)]",
     "inflow[static_cast<size_t>(w.t)]", "inflow rate events ignored", None),
    ("returner-no-chain", "engine/sim/inflow.cpp", "    w.choose_chain(i);\n", "",
     "returners are offered no Förderkette", None),
    ("integration-kind", "engine/sim/job_finding.cpp", "pick(kinds, u01(wk[0]))", "pick(kinds, 0 * u01(wk[0]))",
     "every job found is of the first integration kind", None),
    ("chain-exit-ausbildung", "engine/sim/world.cpp", "integrate(i, IntegrationKind::kAusbildung, tally);",
     "integrate(i, IntegrationKind::kEmployment, tally);", "a chain's Ausbildung exit counted as employment", None),
    ("completion-success", "engine/sim/progress.cpp", "if (u01(wc[2]) <= x.completion.success_probability) {",
     "if (u01(wc[2]) > x.completion.success_probability) {", "a completion's success probability inverted", None),
    ("completion-lowers-language", "engine/sim/progress.cpp",
     "a.language[i] = std::max<uint8_t>(a.language[i], static_cast<uint8_t>(x.completion.language));",
     "a.language[i] = static_cast<uint8_t>(x.completion.language);",
     "a completed course may lower the language level", None),
    ("job-like-completion", "engine/sim/progress.cpp",
     "a.status[i] = static_cast<uint8_t>(job_like ? Status::kEmployed : Status::kSeeking);",
     "a.status[i] = static_cast<uint8_t>(job_like && false ? Status::kEmployed : Status::kSeeking);",
     "a completed job-like stage no longer works", None),
    ("measure-month-longer", "engine/sim/progress.cpp",
     "if (a.months_in[i] < a.duration[i]) return;\n  // Completion.",
     "if (a.months_in[i] <= a.duration[i]) return;\n  // Completion.", "measures run a month past their duration",
     None),
    ("subsidy-period-longer", "engine/sim/progress.cpp",
     "if (a.months_in[i] < a.duration[i]) return;\n  if (a.subsidy_months[i]",
     "if (a.months_in[i] <= a.duration[i]) return;\n  if (a.subsidy_months[i]",
     "approval periods run a month past their length", None),
    ("p16i-job-uncounted", "engine/sim/progress.cpp",
     "if (u <= rules.job_hazard) {\n    if (x.is_p16i) ++w.flags[i].subsidy_to_job;",
     "if (u <= rules.job_hazard) {\n    if (false) ++w.flags[i].subsidy_to_job;",
     "§16i moves to an unsubsidised job not counted as exits to a job", None),
    ("max-exit-any-employment", "engine/sim/progress.cpp", "if (at_max && x.is_p16i) ++w.flags[i].subsidy_max_exit;",
     "if (at_max) ++w.flags[i].subsidy_max_exit;", "§16e's exits at its maximum counted as §16i's", None),
    ("at-end-job-share", "engine/sim/progress.cpp", "if (u01(words[1]) <= x.employment.at_end_job_share) {",
     "if (u01(words[1]) > x.employment.at_end_job_share) {", "the share employed after the subsidy inverted", None),
    ("extension-not-restarted", "engine/sim/progress.cpp", "  a.months_in[i] = 0;\n  a.duration[i]",
     "  a.duration[i]", "an extension does not start a new approval period", None),
    ("extension-ignores-budget", "engine/sim/progress.cpp",
     "if (!w.can_commit(ins, a.subsidy_months[i], months, a.precommitted[i])) {", "if (false) {",
     "extensions bind money the title does not have", None),
    ("subsidised-stays-elb", "engine/sim/world.cpp",
     "} else if (x.is_employment && !x.participants_remain_elb && a.in_benefits[i]) {", "} else if (false) {",
     "subsidised employment that ends benefit receipt does not", None),
    ("entry-ends-benefit", "engine/sim/world.cpp",
     "if (a.in_benefits[i] && u01(wi[1]) <= s.job_finding.ends_benefit_share) leave_benefits(i);",
     "if (a.in_benefits[i] && u01(wi[1]) > s.job_finding.ends_benefit_share) leave_benefits(i);",
     "an integration by entry (EGZ) ends benefits for the wrong share", None),
    ("cost-factor-ignored", "engine/sim/world.cpp", "(x.cost_per_month * (by_year ? factors[y] : 1.0))",
     "(x.cost_per_month * (by_year ? factors[0] : 1.0))", "subsidised employment costs the first year's rate", None),
    ("cost-once-ignored", "engine/sim/world.cpp", "factors[0] : 1.0) + x.cost_once)", "factors[0] : 1.0))",
     "one-off costs not paid", None),
    ("planned-duration-short", "engine/sim/world.cpp", "return x.duration_min + uniform_index(w[3], span);",
     "return x.duration_min + uniform_index(w[3], span > 1 ? span - 1 : 1);",
     "a measure's longest duration never drawn", None),
    ("supplement-eligibility", "engine/sim/world.cpp", "if (!sx.eligible.holds(facts(i))) continue;",
     "if (!sx.eligible.holds(facts(i)) && false) continue;",
     "a supplement ignores its eligibility", None),
    ("duration-step-late", "engine/sim/world.cpp", "if (m >= step.from_months) f = step.factor;",
     "if (m > step.from_months) f = step.factor;", "job finding's duration steps a month late", None),
    ("catalogue-project-eligibility", "engine/sim/world.cpp",
     "if (!part.is_supplement() && part.eligible.holds(f)) allowed |=",
     "if (!part.is_supplement()) allowed |=", "a catalogue's projects ignore their eligibility", None),
    ("catalogue-order", "engine/sim/assignment.cpp",
     "for (; allowed != 0; allowed &= allowed - 1)\n"
     "    if (try_enter(x.parts[static_cast<size_t>(std::countr_zero(allowed))]))",
     "for (; allowed != 0; allowed &= ~(uint64_t{1} << (63 - std::countl_zero(allowed))))\n"
     "    if (try_enter(x.parts[static_cast<size_t>(63 - std::countl_zero(allowed))]))",
     "a catalogue's projects offered last first", None),
    ("quarter-pacing-ignored", "engine/sim/assignment.cpp", ": st.year_count < std::floor(st.capacity * open + 1e-9);",
     ": st.year_count < st.capacity;", "the quarterly plan does not pace the year", None),
    ("queue-priority-reversed", "engine/sim/world.h", "<< 32 | priority)", "<< 32 | (0xFFFFFFFFu - priority))",
     "scarce places go by the reversed priority key", None),
    ("cases-not-carried", "engine/sim/budget.cpp",
     "st.year_count = x.capacity_unit == model::CapacityUnit::kCasesPerYear ? st.occupied : 0;",
     "st.year_count = 0;", "cases carried into the year do not count against F", None),
    ("flat-rate-unbound", "engine/sim/budget.cpp",
     "bound_cents[static_cast<size_t>(y)] += std::llround(100.0 * p.planned);",
     "bound_cents[static_cast<size_t>(y)] += 0;", "flat-rate lines bind nothing", None),
    ("override-keeps-shift", "engine/sim/budget.cpp", "title.override_amount - shift",
     "title.override_amount - 0 * shift",
     "a budget event ignores the shift to administration", None),
    ("bm84-window", "engine/sim/accounting.cpp", "(in - static_cast<uint8_t>(old >> 19 & 1u))",
     "(in - static_cast<uint8_t>(old >> 18 & 1u))", "months in benefits over 83 months, not 84", None),
    ("quiet-completion-late", "engine/sim/quiet.cpp", "(col.months_in[k] >= col.duration[k])",
     "(col.months_in[k] > col.duration[k])", "the portable quiet test misses completions", None),
    ("quiet-review-half", "engine/sim/quiet.cpp", "round_up(r * kMargin * (1 + 0x1p-20) / 255)",
     "round_up(r * kMargin * (1 + 0x1p-20) / 510)", "the quiet test misses half the reviews", None),
    ("history-spell", "engine/sim/newcomers.cpp", "(ones64(std::min(extra, 40)) << 24)",
     "(ones64(std::min(extra, 40)) << 25)", "a drawn earlier spell starts a month too early (portable path)", None),
    # What users read of the replications: the summary's moments and a comparison's intervals.
    ("variance-n", "engine/stats/sample.cpp", "return ss / static_cast<double>(v.size() - 1);",
     "return ss / static_cast<double>(v.size());", "sd divides by n", None),
    ("t975", "engine/stats/sample.cpp", "students_t(degrees), 0.975)", "students_t(degrees), 0.95)",
     "90 % intervals reported as 95 %", None),
    ("quantile-steps", "engine/stats/series.cpp", "return low + (r.pos - static_cast<double>(r.lo)) * (high - low);",
     "return low + 0 * (r.pos + high);", "quantiles not interpolated between order statistics", None),
    ("paired-half-width", "engine/run/compare.cpp", "t975(n - 1) * d.sd / std::sqrt(n)", "t975(n - 1) * d.sd / n",
     "a paired interval's half-width divided by n", None),
    ("welch-df", "engine/run/compare.cpp", "(va * va / (na - 1) + vb * vb / (nb - 1))",
     "(va * va / na + vb * vb / nb)", "Welch's degrees of freedom miscounted", None),
    # The compiler from the scenario language to the model: a value taken from the wrong place or off by one.
    ("schedule-late", "engine/scenario/compile.cpp", "for (int t = std::max(from, 0); t < horizon_; ++t)",
     "for (int t = std::max(from + 1, 0); t < horizon_; ++t)", "a schedule's period starts a month late", None),
    ("segment-kinds-ignored", "engine/scenario/compile.cpp",
     "o.integration_kinds = seg.has_integration_kinds() ? kinds(seg.integration_kinds())",
     "o.integration_kinds = false ? kinds(seg.integration_kinds())", "a segment's own integration kinds ignored", None),
    ("language-min-offset", "engine/scenario/compile.cpp",
     "out.language_min = static_cast<uint8_t>(c.language_min() - 1);",
     "out.language_min = static_cast<uint8_t>(c.language_min());", "a condition's language_min one level too high",
     None),
    ("qualification-offset", "engine/scenario/compile.cpp",
     "static_cast<int8_t>(i.completion().raises_qualification_to() - 1)",
     "static_cast<int8_t>(i.completion().raises_qualification_to())",
     "a completion raises the qualification one level too high", None),
    ("available-until-ignored", "engine/scenario/compile.cpp",
     "if (!i.available_until().empty()) out.available_until", "if (false) out.available_until",
     "an instrument's last month ignored", None),
    ("p16i-prefix", "engine/scenario/compile.cpp", "i.legal_basis().rfind(\"§16i\", 0) == 0;",
     "i.legal_basis().rfind(\"§16\", 0) == 0;", "every §16 instrument counted as §16i", None),
    # Running replications across ranks, and the year tables users read.
    ("first-replication-ignored", "engine/run/runner.cpp",
     "static_cast<uint32_t>(options.first_replication + r)", "static_cast<uint32_t>(r)",
     "every rank of a cluster runs the first replications", None),
    ("slice-extra", "engine/run/cluster.cpp", "base + (rank < extra ? 1 : 0)", "base + (rank <= extra ? 1 : 0)",
     "one rank too many takes an extra replication", None),
    ("year-waiting-summed", "engine/out/tables.cpp", "row.waiting_end = ix.mean(\"waiting\", seg, t);",
     "row.waiting_end += ix.mean(\"waiting\", seg, t);", "the year table sums the waiting instead of the last month",
     None),
    ("year-participants-not-averaged", "engine/out/tables.cpp", "if (months > 0) row.participants_avg /= months;",
     "if (months > 0) row.participants_avg /= 1;", "the year table sums the participants instead of averaging",
     None),
    # Calibration: the fit's objective and the intervals it reports.
    ("calib-year-mean", "engine/calib/calibrate.cpp", "for (double& v : per_rep) v /= std::max(months, 1);",
     "for (double& v : per_rep) v /= std::max(months + 1, 1);", "a YEAR_MEAN target averaged over 13 months", None),
    ("calib-weights-ignored", "engine/calib/calibrate.cpp", "sum += g.weight() * e * e;", "sum += e * e;",
     "the targets' weights ignored", None),
    ("calib-observation-se", "engine/calib/calibrate.cpp", "+ se_obs * se_obs;", "+ 0 * se_obs;",
     "a target's own standard error left out of the intervals", None),
    ("calib-slope", "engine/calib/calibrate.cpp", "(stats::mean(su[j]) - stats::mean(sd[j])) / (up[i] - down[i])",
     "(stats::mean(su[j]) - stats::mean(sd[j])) / (up[i] - down[i]) * 2", "sensitivities doubled (intervals halved)",
     None),
    # The validator's budget warnings (a plan beyond what its title holds; a declared figure that does not add up).
    ("plan-overdraft-ignored", "engine/scenario/validate_budget.cpp", "(1 + t.overdraft_share().value())",
     "(1 + 0 * t.overdraft_share().value())", "a plan is checked against the title without its overdraft", None),
    ("plan-shift-ignored", "engine/scenario/validate_budget.cpp",
     "const double available = (y.amount().value() - y.shift_to_administration().value()) *",
     "const double available = (y.amount().value()) *",
     "a plan is checked against the title before the shift to administration", None),
    ("external-plan-checked", "engine/scenario/validate_budget.cpp", "if (t.kind() == pb::EXTERNAL) continue;", "",
     "plans paid by external money are checked against the Jobcenter's titles", None),
    ("declared-available-shift", "engine/scenario/validate_budget.cpp",
     "const double available = *amount - shift.value_or(0);",
     "const double available = *amount - 0 * shift.value_or(0);", "declared_available compared without the shift",
     None),
]


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("ids", nargs="*", help="mutants to run (default: all)")
    args = ap.parse_args()
    # Killed or interrupted, it still restores the mutated file (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = set(args.ids) - {m[0] for m in MUTANTS}
    if unknown:
        sys.exit(f"unknown mutants: {' '.join(sorted(unknown))}")
    if run(["git", "status", "--porcelain", "--", "engine"]).stdout.strip():
        sys.exit("engine/ has uncommitted changes: commit or stash them first (the audit edits engine files)")
    failures = 0
    for mid, rel, text, replacement, bug, equivalent in MUTANTS:
        if args.ids and mid not in args.ids:
            continue
        path = ROOT / rel
        original = path.read_text()
        if original.count(text) != 1:
            print(f"{mid}: the text to mutate occurs {original.count(text)} times in {rel}; update the list")
            failures += 1
            continue
        path.write_text(original.replace(text, replacement))
        try:
            if run(["cmake", "--build", args.build_dir]).returncode != 0:
                verdict, failed = "NO-BUILD", []
            else:
                out = run(["ctest", "--test-dir", args.build_dir, "-j2", "--timeout", "600"]).stdout
                failed = re.findall(r"\d+ - (\S+) \(", out)
                behaviour = [f for f in failed if not f.startswith("Golden.")]
                verdict = "KILLED" if behaviour else "GOLDEN-ONLY" if failed else "SURVIVED"
        finally:
            path.write_text(original)
        expected = verdict == "KILLED" or (equivalent is not None and verdict in ("SURVIVED", "GOLDEN-ONLY"))
        failures += not expected
        note = f" (equivalent: {equivalent})" if equivalent else ""
        print(f"{mid}: {verdict} - {bug}{note}" + (f"\n    failing: {' '.join(failed)}" if failed else ""),
              flush=True)
    run(["cmake", "--build", args.build_dir])  # the unmutated build again
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
