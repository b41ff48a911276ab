// The rules of the scenario language. Each entity gets one check function; ids are declared first so that
// references may point forward. The Förderketten graph and budget checks live in their own files.
#include "engine/scenario/validate.h"

#include <cmath>

#include <fmt/format.h>

#include "engine/model/scenario.h"
#include "engine/scenario/checker.h"
#include "engine/util/text.h"

namespace jcsim::scenario {

namespace {

std::string quoted(std::string_view kind, const std::string& id) { return fmt::format("{} '{}'", kind, id); }

void check_calendar(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  if (!s.has_calendar()) {
    c.error(root.pos(), "scenario: calendar is missing; give calendar { start: \"YYYY-MM\" horizon_months: N }");
    return;
  }
  const Loc loc = root.in(s, "calendar");
  const auto& cal = s.calendar();
  c.start = c.month(loc, cal, "start", cal.start(), "calendar", Need::kRequired, false);
  if (cal.horizon_months() == 0)
    c.error(loc.at(cal, "horizon_months"), "calendar: horizon_months is 0 or missing; allowed: a whole number 1 to 600");
  else if (c.scalar(loc, cal, "horizon_months", cal.horizon_months(), "calendar", Range::whole(1, 600)))
    c.horizon = cal.horizon_months();
  if (!c.start) c.horizon = 0;
}

void declare_ids(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  if (s.has_population()) {
    const Loc pl = root.in(s, "population");
    for (int i = 0; i < s.population().segment_size(); ++i)
      c.declare(pl.in(s.population(), "segment", i), s.population().segment(i), s.population().segment(i).id(),
                c.segments, i);
  }
  for (int i = 0; i < s.budget_title_size(); ++i)
    c.declare(root.in(s, "budget_title", i), s.budget_title(i), s.budget_title(i).id(), c.titles, i);
  for (int i = 0; i < s.instrument_size(); ++i)
    c.declare(root.in(s, "instrument", i), s.instrument(i), s.instrument(i).id(), c.instruments, i);
  for (int i = 0; i < s.foerderkette_size(); ++i)
    c.declare(root.in(s, "foerderkette", i), s.foerderkette(i), s.foerderkette(i).id(), c.chains, i);
  for (int i = 0; i < s.team_size(); ++i) c.declare(root.in(s, "team", i), s.team(i), s.team(i).id(), c.teams, i);
  for (int i = 0; i < s.event_size(); ++i) c.declare(root.in(s, "event", i), s.event(i), s.event(i).id(), c.events, i);
}

void check_schedule(Checker& c, const Loc& loc, const google::protobuf::Message& owner, const char* field,
                    const google::protobuf::RepeatedPtrField<pb::Period>& periods, const std::string& what) {
  std::optional<Month> previous;
  for (int i = 0; i < periods.size(); ++i) {
    const auto& p = periods.Get(i);
    const Loc pl = loc.in(owner, field, i);
    const std::string path = fmt::format("{}[{}]", field, i + 1);
    c.num(pl, p, "value", what, Range::non_negative(), Need::kRequired, path + ".value");
    const auto from = c.month(pl, p, "from", p.from(), what, i == 0 ? Need::kOptional : Need::kRequired, true);
    if (from && previous && *from <= *previous)
      c.error(pl.at(p, "from"), fmt::format("{}: {}.from {} is not after the previous entry's {}; entries must be in "
                                            "increasing order",
                                            what, path, from->str(), previous->str()));
    if (from) previous = from;
  }
}

void check_integration_kinds(Checker& c, const Loc& loc, const google::protobuf::Message& owner,
                             const std::string& what, Need need) {
  c.shares(loc, owner, "integration_kinds", what, need);
}

void check_population(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  if (!s.has_population()) {
    c.error(root.pos(), "scenario: population is missing; give population { segment { ... } elb_per_bg: ... }");
    return;
  }
  const auto& p = s.population();
  const Loc loc = root.in(s, "population");
  if (p.segment_size() == 0) c.error(loc.pos(), "population: there is no segment; declare at least one segment { }");
  if (p.segment_size() > model::kMaxSegments)
    c.error(loc.at(p, "segment", model::kMaxSegments),
            fmt::format("population: {} segments; allowed: at most {}", p.segment_size(), model::kMaxSegments));
  c.num(loc, p, "elb_per_bg", "population", Range::positive(), Need::kRequired);
  c.num(loc, p, "lzb_min_months", "population", Range::whole(1, 24), Need::kRequired);
  c.num(loc, p, "return_window_months", "population", Range::whole(0, 60), Need::kRequired);
  c.num(loc, p, "reprofile_hazard", "population", Range::probability(), Need::kOptional);
  for (int i = 0; i < p.segment_size(); ++i) {
    const auto& seg = p.segment(i);
    const Loc sl = loc.in(p, "segment", i);
    const std::string what = quoted("segment", seg.id());
    c.num(sl, seg, "initial_stock", what, Range::whole(0, 1e7), Need::kRequired);
    check_schedule(c, sl, seg, "inflow", seg.inflow(), what);
    c.num(sl, seg, "job_finding_hazard", what, Range::probability(), Need::kRequired);
    if (!seg.has_attributes()) {
      c.error(sl.pos(), fmt::format("{}: attributes is missing; give the distributions of age, sex, household, "
                                    "migration, language, qualification, health, distance and benefit months",
                                    what));
    } else {
      const auto& a = seg.attributes();
      const Loc al = sl.in(seg, "attributes");
      for (const char* f : {"age", "sex", "household", "migration", "language", "qualification", "health",
                            "distance"})
        c.shares(al, a, f, what, Need::kRequired);
      c.months_dist(al, a, "benefit_months_24", what, 24, Need::kRequired);
      c.months_dist(al, a, "benefit_months_84_extra", what, 60, Need::kOptional);
      c.months_dist(al, a, "unemployed_months", what, 600, Need::kRequired);
    }
    for (int e = 0; e < seg.exit_size(); ++e) {
      const auto& ex = seg.exit(e);
      const Loc el = sl.in(seg, "exit", e);
      const std::string ew = fmt::format("{}: exit '{}'", what, ex.reason());
      if (ex.reason().empty()) c.error(el.pos(), fmt::format("{}: exit #{}: reason is missing", what, e + 1));
      c.num(el, ex, "hazard", ew, Range::probability(), Need::kRequired);
      if (ex.has_when()) c.condition(el.in(ex, "when"), ex.when(), ew);
    }
    check_integration_kinds(c, sl, seg, what, Need::kOptional);
  }
}

void check_job_finding(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  if (!s.has_job_finding()) {
    c.error(root.pos(), "scenario: job_finding is missing; give job_finding { language { ... } ... }");
    return;
  }
  const auto& j = s.job_finding();
  const Loc loc = root.in(s, "job_finding");
  const std::string what = "job_finding";
  if (!j.has_language()) {
    c.error(loc.pos(), "job_finding: language is missing; give the factors for none, a1, a2, b1, b2_plus");
  } else {
    const Loc ll = loc.in(j, "language");
    const auto& l = j.language();
    const std::pair<const char*, double> levels[] = {
        {"none", l.none()}, {"a1", l.a1()}, {"a2", l.a2()}, {"b1", l.b1()}, {"b2_plus", l.b2_plus()}};
    for (const auto& [name, v] : levels)
      c.scalar(ll, l, name, v, what, Range{0, 100}, fmt::format("language.{}", name));
  }
  int previous = -1;
  for (int i = 0; i < j.duration_size(); ++i) {
    const auto& d = j.duration(i);
    const Loc dl = loc.in(j, "duration", i);
    const std::string path = fmt::format("duration[{}]", i + 1);
    c.scalar(dl, d, "from_months", d.from_months(), what, Range::whole(0, 24), path + ".from_months");
    if (i == 0 && d.from_months() != 0)
      c.error(dl.at(d, "from_months"), fmt::format("{}: {}.from_months is {}; the first step must start at 0", what,
                                                   path, d.from_months()));
    if (i > 0 && d.from_months() <= previous)
      c.error(dl.at(d, "from_months"), fmt::format("{}: {}.from_months {} is not above the previous step's {}", what,
                                                   path, d.from_months(), previous));
    previous = d.from_months();
    c.num(dl, d, "factor", what, Range{0, 100}, Need::kRequired, path + ".factor");
  }
  c.num(loc, j, "contact_reference", what, Range::positive(), Need::kRequired);
  c.num(loc, j, "contact_elasticity", what, Range{0, 10}, Need::kRequired);
  const auto lo = c.num(loc, j, "contact_factor_min", what, Range{0, 100}, Need::kRequired);
  const auto hi = c.num(loc, j, "contact_factor_max", what, Range{0, 100}, Need::kRequired);
  if (lo && hi && *lo > *hi)
    c.error(loc.in(j, "contact_factor_max").at(j.contact_factor_max(), "value"),
            fmt::format("job_finding: contact_factor_max {} is below contact_factor_min {}", format_num(*hi),
                        format_num(*lo)));
  c.num(loc, j, "marktfern_factor", what, Range{0, 100}, Need::kRequired);
  check_integration_kinds(c, loc, j, what, Need::kRequired);
  c.num(loc, j, "ends_benefit_share", what, Range::probability(), Need::kRequired);
  c.num(loc, j, "not_sustained_share", what, Range::probability(), Need::kRequired);
  c.num(loc, j, "working_elb_exit_hazard", what, Range::probability(), Need::kRequired);
}

// Returns max_months when it is valid (the bound for the initial cohort's elapsed months).
std::optional<double> check_employment(Checker& c, const Loc& il, const pb::Instrument& ins, const std::string& what) {
  const auto& e = ins.employment();
  const Loc el = il.in(ins, "employment");
  const std::string w = what + ": employment";
  const auto approval = c.num(el, e, "approval_months", w, Range::whole(1, 120), Need::kRequired);
  const auto max = c.num(el, e, "max_months", w, Range::whole(1, 120), Need::kRequired);
  if (approval && max && *max < *approval)
    c.error(el.in(e, "max_months").at(e.max_months(), "value"),
            fmt::format("{}: max_months {} is below approval_months {}", w, format_num(*max), format_num(*approval)));
  for (const char* f : {"extension_probability", "job_hazard", "dismissal_hazard", "at_end_job_share"})
    c.num(el, e, f, w, Range::probability(), Need::kRequired);
  for (int i = 0; i < e.cost_factor_by_year_size(); ++i) {
    const auto& n = e.cost_factor_by_year(i);
    const SourcePos pos = el.in(e, "cost_factor_by_year", i).at(n, "value");
    if (!Range{0, 10}.contains(n.value()))
      c.error(pos, fmt::format("{}: cost_factor_by_year[{}] is {}; allowed: 0 to 10", w, i + 1, format_num(n.value())));
  }
  c.num(el, e, "coaching_months", w, Range::whole(0, 120), Need::kOptional);
  c.num(el, e, "retention_months", w, Range::whole(0, 120), Need::kOptional);
  return max;
}

// Quarterly pacing of a yearly capacity (the Bildungszielplanung): four non-negative figures, not all zero; a
// sum that differs from the year's amount is named (two documents that disagree), the figures are used as shares.
void check_per_quarter(Checker& c, const Loc& cl, const pb::Capacity& cap, const std::string& what) {
  if (cap.per_quarter_size() == 0) return;
  const auto pos = cl.at(cap, "per_quarter", 0);
  if (cap.unit() != pb::CASES_PER_YEAR && cap.unit() != pb::ENTRIES_PER_YEAR) {
    c.error(pos, fmt::format("{}: capacity.per_quarter paces a yearly capacity; unit {} is not CASES_PER_YEAR or "
                             "ENTRIES_PER_YEAR",
                             what, pb::CapacityUnit_Name(cap.unit())));
    return;
  }
  if (cap.per_quarter_size() != 4) {
    c.error(pos, fmt::format("{}: capacity.per_quarter has {} values; give one per quarter, four", what,
                             cap.per_quarter_size()));
    return;
  }
  double sum = 0;
  bool ok = true;
  for (int k = 0; k < 4; ++k) {
    const auto& q = cap.per_quarter(k);
    if (std::isfinite(q.value()) && q.value() >= 0) {
      sum += q.value();
      continue;
    }
    c.error(cl.in(cap, "per_quarter", k).at(q, "value"),
            fmt::format("{}: capacity.per_quarter[{}] is {}; allowed: 0 or more", what, k + 1, format_num(q.value())));
    ok = false;
  }
  if (!ok) return;
  if (sum <= 0) {
    c.error(pos, fmt::format("{}: capacity.per_quarter are all zero, so nobody could ever enter", what));
  } else if (cap.has_amount() && std::abs(sum - cap.amount().value()) > 1e-9) {
    c.warning(pos, fmt::format("{}: capacity.per_quarter adds up to {}, the year's amount is {}; the quarters are "
                               "used as shares of the amount",
                               what, format_num(sum), format_num(cap.amount().value())));
  }
}

void check_instruments(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.instrument_size(); ++i) {
    const auto& ins = s.instrument(i);
    const Loc il = root.in(s, "instrument", i);
    const std::string what = quoted("instrument", ins.id());
    if (ins.name().empty()) c.error(il.pos(), fmt::format("{}: name is missing", what));
    c.enum_set(il, ins, "group", ins.group(), what);
    c.ref(il, ins, "budget_title", ins.budget_title(), c.titles, what);
    if (!ins.has_capacity()) {
      c.error(il.pos(), fmt::format("{}: capacity is missing; give capacity {{ unit: PLACES amount {{ value: N }} }} "
                                    "(unit PLACES, CASES_PER_YEAR, ENTRIES_PER_YEAR, OPEN, FLAT_RATE or CATALOGUE)",
                                    what));
    } else {
      const Loc cl = il.in(ins, "capacity");
      const auto& cap = ins.capacity();
      if (c.enum_set(cl, cap, "unit", cap.unit(), what + ": capacity") && cap.unit() != pb::OPEN &&
          cap.unit() != pb::FLAT_RATE && cap.unit() != pb::CATALOGUE)
        c.num(cl, cap, "amount", what, Range::whole(0, 1e7), Need::kRequired, "capacity.amount");
      check_per_quarter(c, cl, cap, what);
    }
    const bool flat = ins.capacity().unit() == pb::FLAT_RATE;
    const bool catalogue = ins.capacity().unit() == pb::CATALOGUE;
    const bool supplement = ins.supplement_to_size() > 0;
    int duration_max = 0;
    if (flat || catalogue || supplement) {
      const char* kind = flat ? "a FLAT_RATE line" : catalogue ? "a CATALOGUE line (its projects have the places)" : "a supplement";
      for (const char* f : {"duration", "employment", "initial"})
        if (ins.GetReflection()->HasField(ins, ins.GetDescriptor()->FindFieldByName(f)))
          c.error(il.at(ins, f), fmt::format("{}: is {} and has no participants of its own; remove {}", what, kind, f));
      if (flat && supplement)
        c.error(il.at(ins, "supplement_to"), fmt::format("{}: a FLAT_RATE line cannot be a supplement", what));
    } else if (ins.has_employment()) {
      if (ins.has_duration())
        c.error(il.at(ins, "duration"), fmt::format("{}: has both duration and employment rules; the employment "
                                                    "rules decide how long subsidised employment lasts, remove "
                                                    "duration",
                                                    what));
      if (const auto max = check_employment(c, il, ins, what)) duration_max = static_cast<int>(*max);
    } else if (!ins.has_duration()) {
      c.error(il.pos(), fmt::format("{}: duration is missing; give duration {{ min_months {{ value: N }} "
                                    "max_months {{ value: M }} }}",
                                    what));
    } else {
      const Loc dl = il.in(ins, "duration");
      const auto& d = ins.duration();
      const auto lo = c.num(dl, d, "min_months", what, Range::whole(1, 120), Need::kRequired, "duration.min_months");
      const auto hi = c.num(dl, d, "max_months", what, Range::whole(1, 120), Need::kRequired, "duration.max_months");
      if (lo && hi && *hi < *lo)
        c.error(dl.in(d, "max_months").at(d.max_months(), "value"),
                fmt::format("{}: duration.max_months {} is below duration.min_months {}", what, format_num(*hi),
                            format_num(*lo)));
      if (hi) duration_max = static_cast<int>(*hi);
    }
    c.num(il, ins, "cost_per_month", what, Range{0, 1e6}, flat || catalogue ? Need::kOptional : Need::kRequired);
    c.num(il, ins, "cost_once", what, Range{0, 1e7}, Need::kOptional);
    for (int k = 0; k < ins.eligible_size(); ++k) c.condition(il.in(ins, "eligible", k), ins.eligible(k), what);
    c.num(il, ins, "dropout_hazard", what, Range::probability(), Need::kOptional);
    c.num(il, ins, "lock_in", what, Range::probability(),
          flat || catalogue || supplement ? Need::kOptional : Need::kRequired);
    for (int k = 0; k < ins.supplement_to_size(); ++k) {
      if (!c.ref(il, ins, "supplement_to", ins.supplement_to(k), c.instruments, what, k)) continue;
      const auto& host = s.instrument(c.instruments.index.find(ins.supplement_to(k))->second);
      if (host.supplement_to_size() > 0 || host.capacity().unit() == pb::FLAT_RATE)
        c.error(il.at(ins, "supplement_to", k),
                fmt::format("{}: supplement_to '{}' is itself a supplement or a FLAT_RATE line; a supplement is paid "
                            "alongside an instrument people take part in",
                            what, host.id()));
    }
    if (!ins.cofinance_title().empty()) {
      c.ref(il, ins, "cofinance_title", ins.cofinance_title(), c.titles, what);
      c.num(il, ins, "cofinance_share", what, Range::probability(), Need::kRequired);
      if (ins.cofinance_title() == ins.budget_title())
        c.error(il.at(ins, "cofinance_title"),
                fmt::format("{}: cofinance_title '{}' is also its budget_title", what, ins.cofinance_title()));
    } else if (ins.has_cofinance_share()) {
      c.error(il.at(ins, "cofinance_share"), fmt::format("{}: cofinance_share needs a cofinance_title", what));
    }
    if (ins.has_post_effect()) {
      const Loc pl = il.in(ins, "post_effect");
      c.num(pl, ins.post_effect(), "multiplier", what, Range{0, 100}, Need::kRequired, "post_effect.multiplier");
      c.num(pl, ins.post_effect(), "half_life_months", what, Range{0, 600, true}, Need::kRequired,
            "post_effect.half_life_months");
    }
    if (ins.has_completion()) {
      const Loc cl = il.in(ins, "completion");
      const auto& comp = ins.completion();
      c.num(cl, comp, "success_probability", what + ": completion", Range::probability(), Need::kRequired);
      if (comp.raises_language_to() == 0 && comp.raises_qualification_to() == 0)
        c.error(cl.pos(), fmt::format("{}: completion changes nothing; give raises_language_to or "
                                      "raises_qualification_to",
                                      what));
    }
    if (ins.counts_as_integration() && ins.integration_kind() == 0)
      c.error(il.at(ins, "counts_as_integration"),
              fmt::format("{}: counts_as_integration needs integration_kind (INTEGRATION_EMPLOYMENT, INTEGRATION_AUSBILDUNG or INTEGRATION_SELF_EMPLOYMENT)",
                          what));
    const auto from = c.month(il, ins, "available_from", ins.available_from(), what, Need::kOptional, false);
    const auto until = c.month(il, ins, "available_until", ins.available_until(), what, Need::kOptional, false);
    if (from && until && *until < *from)
      c.error(il.at(ins, "available_until"), fmt::format("{}: available_until {} is before available_from {}", what,
                                                         until->str(), from->str()));
    if (ins.has_initial()) {
      const Loc nl = il.in(ins, "initial");
      const auto& init = ins.initial();
      c.num(nl, init, "count", what, Range::whole(0, 1e7), Need::kRequired, "initial.count");
      c.months_dist(nl, init, "elapsed", what + ": initial", std::max(duration_max - 1, 0), Need::kRequired);
      for (int k = 0; k < init.segment_size(); ++k)
        c.ref(nl, init, "segment", init.segment(k), c.segments, what + ": initial", k);
    }
    for (int k = 0; k < ins.plan_size(); ++k) {
      const auto& py = ins.plan(k);
      const Loc pl = il.in(ins, "plan", k);
      const std::string w = fmt::format("{}: plan {}", what, py.year());
      c.scalar(pl, py, "year", py.year(), what, Range::whole(1900, 2200), fmt::format("plan[{}].year", k + 1));
      for (const char* f : {"planned", "spent", "commitments", "capacity"})
        c.num(pl, py, f, w, Range::non_negative(), Need::kOptional);
      for (int m = 0; m < k; ++m)
        if (ins.plan(m).year() == py.year())
          c.error(pl.at(py, "year"), fmt::format("{}: plan year {} is given twice", what, py.year()));
    }
  }
}

void check_teams(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  bool integration_team = false;
  for (int i = 0; i < s.team_size(); ++i) {
    const auto& t = s.team(i);
    const Loc tl = root.in(s, "team", i);
    const std::string what = quoted("team", t.id());
    if (t.name().empty()) c.error(tl.pos(), fmt::format("{}: name is missing", what));
    c.enum_set(tl, t, "role", t.role(), what);
    integration_team |= t.role() == pb::INTEGRATION;
    c.enum_set(tl, t, "caseload_basis", t.caseload_basis(), what);
    const auto positions = c.num(tl, t, "positions", what, Range{0, 1e5}, Need::kRequired);
    const auto fte = c.num(tl, t, "fte", what, Range{0, 1e5}, Need::kRequired);
    if (positions && fte && *fte > *positions + 1e-9)
      c.error(tl.in(t, "fte").at(t.fte(), "value"),
              fmt::format("{}: fte {} is above positions {}; filled FTE cannot exceed the budgeted positions", what,
                          format_num(*fte), format_num(*positions)));
    c.num(tl, t, "turnover_hazard", what, Range::probability(), Need::kRequired);
    c.num(tl, t, "hiring_lag_months", what, Range::whole(0, 60), Need::kRequired);
    c.num(tl, t, "contacts_per_fte_month", what, Range{0, 10000}, Need::kRequired);
    c.num(tl, t, "guide_value", what, Range::non_negative(), Need::kOptional);
    c.num(tl, t, "observed_caseload", what, Range::non_negative(), Need::kOptional);
    for (int k = 0; k < t.serves_size(); ++k) c.condition(tl.in(t, "serves", k), t.serves(k), what);
  }
  if (!integration_team && s.foerderkette_size() > 0)
    c.error(root.pos(), "scenario: no team has role INTEGRATION, so nobody assigns ELB to the Förderketten; declare "
                        "a team { role: INTEGRATION ... }");
}

void check_events(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.event_size(); ++i) {
    const auto& e = s.event(i);
    const Loc el = root.in(s, "event", i);
    const std::string what = quoted("event", e.id());
    c.month(el, e, "effective", e.effective(), what, Need::kRequired, true);
    switch (e.change_case()) {
      case pb::PolicyEvent::kOpenInstrument:
        c.ref(el, e, "open_instrument", e.open_instrument(), c.instruments, what);
        break;
      case pb::PolicyEvent::kCloseInstrument:
        c.ref(el, e, "close_instrument", e.close_instrument(), c.instruments, what);
        break;
      case pb::PolicyEvent::kCapacity: {
        const Loc cl = el.in(e, "capacity");
        c.ref(cl, e.capacity(), "instrument", e.capacity().instrument(), c.instruments, what);
        c.num(cl, e.capacity(), "amount", what, Range::whole(0, 1e7), Need::kRequired, "capacity.amount");
        if (c.instruments.has(e.capacity().instrument())) {
          const auto& ins = s.instrument(c.instruments.index.find(e.capacity().instrument())->second);
          if (ins.capacity().unit() == pb::OPEN || ins.capacity().unit() == pb::FLAT_RATE ||
              ins.capacity().unit() == pb::CATALOGUE)
            c.error(cl.pos(), fmt::format("{}: instrument '{}' has no capacity to change (unit {}); a capacity change needs "
                                          "PLACES, CASES_PER_YEAR or ENTRIES_PER_YEAR",
                                          what, ins.id(), pb::CapacityUnit_Name(ins.capacity().unit())));
        }
        break;
      }
      case pb::PolicyEvent::kBudget: {
        const Loc bl = el.in(e, "budget");
        c.ref(bl, e.budget(), "title", e.budget().title(), c.titles, what);
        c.num(bl, e.budget(), "amount", what, Range::non_negative(), Need::kRequired, "budget.amount");
        break;
      }
      case pb::PolicyEvent::kFunding: {
        const Loc fl = el.in(e, "funding");
        c.ref(fl, e.funding(), "instrument", e.funding().instrument(), c.instruments, what);
        c.ref(fl, e.funding(), "title", e.funding().title(), c.titles, what);
        break;
      }
      case pb::PolicyEvent::kRate: {
        const Loc rl = el.in(e, "rate");
        c.enum_set(rl, e.rate(), "kind", e.rate().kind(), what + ": rate");
        for (int k = 0; k < e.rate().segment_size(); ++k)
          c.ref(rl, e.rate(), "segment", e.rate().segment(k), c.segments, what, k);
        c.num(rl, e.rate(), "factor", what, Range{0, 100}, Need::kRequired, "rate.factor");
        break;
      }
      case pb::PolicyEvent::kRedirect: {
        const Loc rl = el.in(e, "redirect");
        const bool a = c.ref(rl, e.redirect(), "from", e.redirect().from(), c.instruments, what);
        const bool b = c.ref(rl, e.redirect(), "to", e.redirect().to(), c.instruments, what);
        if (a && b && e.redirect().from() == e.redirect().to())
          c.error(rl.at(e.redirect(), "to"), fmt::format("{}: redirect leads instrument '{}' to itself", what,
                                                         e.redirect().to()));
        break;
      }
      case pb::PolicyEvent::CHANGE_NOT_SET:
        c.error(el.pos(), fmt::format("{}: says no change; give one of open_instrument, close_instrument, capacity, "
                                      "budget, funding, rate, redirect",
                                      what));
        break;
    }
  }
}

// The engine keeps sets of teams in 16-bit masks and chain and stage numbers in 8 bits: far above real needs.
void check_sizes(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  const auto limit = [&](int n, int max, const char* field, const char* what) {
    if (n > max)
      c.error(root.at(s, field, max), fmt::format("scenario: {} {}; allowed: at most {}", n, what, max));
  };
  limit(s.team_size(), model::kMaxTeams, "team", "teams");
  limit(s.foerderkette_size(), model::kMaxChains, "foerderkette", "Förderketten");
  limit(s.instrument_size(), model::kMaxInstruments, "instrument", "instruments");
  for (int i = 0; i < s.foerderkette_size(); ++i)
    if (s.foerderkette(i).stage_size() > model::kMaxStages)
      c.error(root.in(s, "foerderkette", i).pos(),
              fmt::format("Förderkette '{}': {} stages; allowed: at most {}", s.foerderkette(i).id(),
                          s.foerderkette(i).stage_size(), model::kMaxStages));
}

void check_targets_and_simulation(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.target_size(); ++i) {
    const auto& t = s.target(i);
    const Loc tl = root.in(s, "target", i);
    const std::string what = fmt::format("target #{}", i + 1);
    if (!is_valid_id(t.metric()))
      c.error(tl.at(t, "metric"), fmt::format("{}: metric '{}' is not a metric name (snake_case)", what, t.metric()));
    c.scalar(tl, t, "year", t.year(), what, Range::whole(1900, 2200));
    c.num(tl, t, "value", what, Range::non_negative(), Need::kRequired);
  }
  if (s.has_simulation()) {
    const Loc sl = root.in(s, "simulation");
    if (s.simulation().replications() != 0)
      c.scalar(sl, s.simulation(), "replications", s.simulation().replications(), "simulation",
               Range::whole(1, 100000));
  }
}

}  // namespace

void validate(const Parsed& parsed, Diagnostics& diags) {
  Checker c(parsed, diags);
  const auto& s = c.scenario();
  if (s.name().empty())
    c.error(c.root().pos(), "scenario: name is missing; give name: \"...\" (it appears in every report)");
  check_calendar(c);
  declare_ids(c);
  check_population(c);
  check_job_finding(c);
  check_instruments(c);
  validate_budget(c);
  validate_chains(c);
  validate_catalogues(c);
  check_teams(c);
  check_events(c);
  check_targets_and_simulation(c);
  check_sizes(c);
}

}  // namespace jcsim::scenario
