// Scenarios for tests: small ones built from parameters, every factor that is not under test neutral (1), and the
// shipped ones.
#pragma once

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "engine/scenario/load.h"
#include "tests/support.h"

namespace jcsim::test {

// Nine teams beside the builder's "ic" (which serves everyone), so that team masks use their high byte (teams 8
// and 9). `monthly`: some of them serve by attributes that change month by month (LZB status, months
// unemployed), so every profile is refreshed every month; otherwise only by age group, which changes on
// birthdays.
inline std::string nine_more_teams(bool monthly) {
  const char* serves[] = {
      "serves { age_group: A55_57 }",
      "serves { age_group: [A25_54, A55_57] }",
      "serves { sex: FEMALE }",
      monthly ? "serves { lzb: true }" : "serves { sex: MALE }",
      monthly ? "serves { benefit_months_24_min: 12 }" : "serves { age_group: A58_PLUS }",
      "",
      monthly ? "serves { unemployed_months_min: 12 }" : "serves { age_group: U25 }",
      monthly ? "serves { lzb: false }" : "serves { age_group: A55_57 sex: MALE }",
      "serves { age_group: A55_57 }",
  };
  std::string out;
  int k = 1;
  for (const char* s : serves)
    out += fmt::format(
        R"(team {{ id: "t{0}" name: "T{0}" role: BENEFITS caseload_basis: PER_ELB positions {{ value: 5 }}
        fte {{ value: 5 }} turnover_hazard {{ value: 0 }} hiring_lag_months {{ value: 1 }}
        contacts_per_fte_month {{ value: 0 }} {1} }}
)",
        k++, s);
  return out;
}

struct Params {
  int horizon = 12;
  int stock = 1000;
  double inflow = 0;
  double job = 0.02;    // base job-finding hazard
  double exit = 0.01;   // exit hazard
  double ends_benefit = 1, not_sustained = 0;
  double working_exit = 0;   // monthly hazard that a working ELB's top-up benefit ends
  std::string kinds = "employment: 1 ausbildung: 0 self_employment: 0";  // integration kinds of a job found
  std::string languages = "none: 0 a1: 0 a2: 0 b1: 0 b2_plus: 1";        // the population's language levels
  std::string language_factors = "none: 1 a1: 1 a2: 1 b1: 1 b2_plus: 1";  // job finding by language level
  std::string bm24 = "bin { from: 0 to: 24 share: 1 }";  // months in benefits of the last 24 at the start
  std::string job_finding_fields;                          // more fields of job_finding (duration steps, ...)
  double participation = 0;  // share following the chain
  double reprofile = 0;      // monthly hazard that a seeker without a chain is offered one again
  std::string capacity = "unit: OPEN";
  int d1 = 3, d2 = 2;        // durations of the two stages (fixed)
  int d1_max = -1;           // stage A's longest duration where it varies (drawn evenly from d1 to d1_max)
  double lock_in = 0.5;
  std::string a_fields, b_fields;  // more fields of the instruments of stages A and B (dropout, post effect, ...)
  double budget = 1e12;
  double overdraft = 0;    // the title's overdraft share
  double commitments = 0;  // € already bound for 2024 by earlier entries
  double shift = 0;        // € of 2024's amount shifted to administration
  double cost = 100;
  double contacts = 10000;     // contacts per FTE-month (ample: everyone waiting gets a decision)
  // Job finding × (contacts per served ELB / reference)^elasticity within [min, max]; neutral by default.
  double contact_reference = 1, contact_elasticity = 0, contact_factor_min = 1, contact_factor_max = 1;
  double positions = 10, fte = 10, turnover = 0;  // the team's budgeted positions, filled FTE, monthly turnover
  int hiring_lag = 1;
  std::string extra;         // appended text (more instruments, events, ...)
  std::string stage_b_next = "next { target { exit: POOL probability: 1 } }";
  std::string chain_fields;  // more fields of the Förderkette (a target group, ...)
};

inline std::string scenario_text(const Params& p) {
  return fmt::format(R"(
name: "test"
calendar {{ start: "2024-01" horizon_months: {horizon} }}
population {{
  elb_per_bg {{ value: 1 }} lzb_min_months {{ value: 21 }} return_window_months {{ value: 6 }}
  reprofile_hazard {{ value: {reprofile} }}
  segment {{
    id: "s" name: "S" initial_stock {{ value: {stock} }}
    inflow {{ value {{ value: {inflow} }} }}
    job_finding_hazard {{ value: {job} }}
    exit {{ reason: "other" hazard {{ value: {exit} }} }}
    attributes {{
      age {{ u25: 0 a25_54: 1 a55_57: 0 a58_plus: 0 }}
      sex {{ female: 0.5 male: 0.5 }}
      household {{ single: 1 single_parent: 0 couple_no_children: 0 couple_with_children: 0 }}
      migration {{ none: 1 eu: 0 third_country: 0 refugee_ukraine: 0 refugee_other: 0 }}
      language {{ {languages} }}
      qualification {{ no_vocational: 0 vocational: 1 academic: 0 }}
      health {{ no_limitation: 1 limitation: 0 severe_disability: 0 rehabilitation: 0 }}
      distance {{ marktnah: 1 marktfern: 0 }}
      benefit_months_24 {{ {bm24} }}
      benefit_months_84_extra {{ bin {{ from: 0 to: 60 share: 1 }} }}
      unemployed_months {{ bin {{ from: 0 to: 24 share: 1 }} }}
    }}
  }}
}}
job_finding {{
  language {{ {language_factors} }} {job_finding_fields}
  contact_reference {{ value: {contact_reference} }} contact_elasticity {{ value: {contact_elasticity} }}
  contact_factor_min {{ value: {contact_factor_min} }} contact_factor_max {{ value: {contact_factor_max} }}
  marktfern_factor {{ value: 1 }}
  integration_kinds {{ {kinds} }}
  ends_benefit_share {{ value: {ends_benefit} }} not_sustained_share {{ value: {not_sustained} }}
  working_elb_exit_hazard {{ value: {working_exit} }}
}}
budget_title {{ id: "egt" name: "EGT" kind: EGT overdraft_share {{ value: {overdraft} }}
  year {{ year: 2024 amount {{ value: {budget} }} shift_to_administration {{ value: {shift} }}
    commitments {{ value: {commitments} }} }}
  year {{ year: 2025 amount {{ value: {budget} }} }} year {{ year: 2026 amount {{ value: {budget} }} }} }}
instrument {{ id: "a" name: "A" group: ACTIVATION budget_title: "egt" capacity {{ {capacity} }}
  duration {{ min_months {{ value: {d1} }} max_months {{ value: {d1_max} }} }} cost_per_month {{ value: {cost} }}
  lock_in {{ value: {lock_in} }} {a_fields} }}
instrument {{ id: "b" name: "B" group: ACTIVATION budget_title: "egt" capacity {{ unit: OPEN }}
  duration {{ min_months {{ value: {d2} }} max_months {{ value: {d2} }} }} cost_per_month {{ value: {cost} }}
  lock_in {{ value: {lock_in} }} {b_fields} }}
foerderkette {{ id: "k" name: "K" participation {{ value: {participation} }} start: "a" {chain_fields}
  stage {{ id: "a" instrument: "a" next {{ target {{ stage: "b" probability: 1 }} }} }}
  stage {{ id: "b" instrument: "b" {stage_b_next} }} }}
team {{ id: "ic" name: "IC" role: INTEGRATION caseload_basis: PER_ELB positions {{ value: {positions} }}
  fte {{ value: {fte} }} turnover_hazard {{ value: {turnover} }} hiring_lag_months {{ value: {hiring_lag} }}
  contacts_per_fte_month {{ value: {contacts} }} }}
{extra}
)",
                     fmt::arg("horizon", p.horizon), fmt::arg("stock", p.stock), fmt::arg("inflow", p.inflow),
                     fmt::arg("job", p.job), fmt::arg("exit", p.exit), fmt::arg("ends_benefit", p.ends_benefit),
                     fmt::arg("not_sustained", p.not_sustained), fmt::arg("participation", p.participation),
                     fmt::arg("reprofile", p.reprofile), fmt::arg("capacity", p.capacity), fmt::arg("d1", p.d1),
                     fmt::arg("d1_max", p.d1_max < 0 ? p.d1 : p.d1_max), fmt::arg("d2", p.d2),
                     fmt::arg("lock_in", p.lock_in), fmt::arg("a_fields", p.a_fields),
                     fmt::arg("b_fields", p.b_fields), fmt::arg("budget", p.budget),
                     fmt::arg("overdraft", p.overdraft), fmt::arg("commitments", p.commitments),
                     fmt::arg("shift", p.shift),
                     fmt::arg("cost", p.cost), fmt::arg("contacts", p.contacts),
                     fmt::arg("contact_reference", p.contact_reference),
                     fmt::arg("contact_elasticity", p.contact_elasticity),
                     fmt::arg("contact_factor_min", p.contact_factor_min),
                     fmt::arg("contact_factor_max", p.contact_factor_max),
                     fmt::arg("positions", p.positions), fmt::arg("fte", p.fte), fmt::arg("turnover", p.turnover),
                     fmt::arg("hiring_lag", p.hiring_lag), fmt::arg("extra", p.extra),
                     fmt::arg("stage_b_next", p.stage_b_next), fmt::arg("chain_fields", p.chain_fields),
                     fmt::arg("working_exit", p.working_exit), fmt::arg("kinds", p.kinds),
                     fmt::arg("languages", p.languages), fmt::arg("language_factors", p.language_factors),
                     fmt::arg("bm24", p.bm24), fmt::arg("job_finding_fields", p.job_finding_fields));
}

// The exact answer for the builder's population with no Förderkette (participation 0): N ELB, no inflow, each
// month an exit with e, then a job with h (neutral factors), so the stock and the flows follow a geometric path.
struct ConstantHazardChain {
  double N, e, h;
  double stay() const { return (1 - e) * (1 - h); }
  double stock(int t) const { return N * std::pow(stay(), t + 1); }  // at the end of month t
  double integrations(int t) const { return N * std::pow(stay(), t) * (1 - e) * h; }
  double exits(int t) const { return N * std::pow(stay(), t) * e; }
};

// A subsidised job (§16i, §16e) for Params::extra, paid from the builder's title "egt", with a running cohort if
// `initial` > 0 (each member funded for `elapsed` months). Every rule not under test is neutral.
struct SubsidisedJob {
  std::string id = "p16i", legal_basis = "§16i SGB II";
  std::string capacity = "unit: OPEN";
  double cost = 2500;
  bool participants_remain_elb = false;
  int approval = 24, max = 60;
  double extension = 0, job = 0, dismissal = 0, at_end_job = 0;
  std::string more_rules;  // more fields of the rules (cost_factor_by_year, ...)
  int initial = 0, elapsed = 0;

  std::string text() const {
    std::string cohort;
    if (initial > 0)
      cohort = fmt::format("initial {{ count {{ value: {} }} elapsed {{ bin {{ from: {} to: {} share: 1 }} }} }}",
                           initial, elapsed, elapsed);
    return fmt::format(
        R"(
instrument {{ id: "{0}" name: "{0}" legal_basis: "{1}" group: SUBSIDISED_JOB budget_title: "egt" capacity {{ {2} }}
  cost_per_month {{ value: {3} }} lock_in {{ value: 1 }} participants_remain_elb: {4}
  employment {{ approval_months {{ value: {5} }} extension_probability {{ value: {6} }} max_months {{ value: {7} }}
               job_hazard {{ value: {8} }} dismissal_hazard {{ value: {9} }} at_end_job_share {{ value: {10} }} {11} }}
  {12} }}
)",
        id, legal_basis, capacity, cost, participants_remain_elb, approval, extension, max, job, dismissal, at_end_job,
        more_rules, cohort);
  }
};

// The scenario a load gave; if it gave none, throws WHAT followed by the loader's messages.
inline std::shared_ptr<const model::Scenario> loaded_or_throw(const scenario::LoadResult& r,
                                                              const std::string& what) {
  if (r.scenario) return r.scenario;
  std::string msg = what + ":\n";
  for (const auto& d : r.diagnostics.items()) msg += d.format() + "\n";
  throw std::runtime_error(msg);
}

// Loads a test scenario's text (scenario_text, possibly edited); an invalid one throws with its messages.
inline std::shared_ptr<const model::Scenario> build_text(const std::string& text) {
  return loaded_or_throw(scenario::load_text("test.textproto", text), "test scenario invalid");
}

inline std::shared_ptr<const model::Scenario> build(const Params& p) { return build_text(scenario_text(p)); }

// Loads a scenario shipped in scenarios/ (NAME: its file name); one that does not load throws with its messages.
inline std::shared_ptr<const model::Scenario> shipped(const std::string& name) {
  return loaded_or_throw(scenario::load_file((kSourceDir / "scenarios" / name).string()),
                         "shipped scenario " + name + " does not load");
}

}  // namespace jcsim::test
