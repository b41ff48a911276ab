// Budget rules: titles and their years, declared totals against their lines, and commitments a title can carry.
#include <fmt/format.h>

#include "engine/scenario/checker.h"

namespace jcsim::scenario {

namespace {

void check_titles(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.budget_title_size(); ++i) {
    const auto& t = s.budget_title(i);
    const Loc tl = root.in(s, "budget_title", i);
    const std::string what = fmt::format("budget title '{}'", t.id());
    if (t.name().empty()) c.error(tl.pos(), fmt::format("{}: name is missing", what));
    c.enum_set(tl, t, "kind", t.kind(), what);
    c.num(tl, t, "overdraft_share", what, Range::probability(), Need::kOptional);
    for (int k = 0; k < t.year_size(); ++k) {
      const auto& y = t.year(k);
      const Loc yl = tl.in(t, "year", k);
      const std::string w = fmt::format("{}: year {}", what, y.year());
      c.scalar(yl, y, "year", y.year(), what, Range::whole(1900, 2200), fmt::format("year[{}].year", k + 1));
      for (int m = 0; m < k; ++m)
        if (t.year(m).year() == y.year()) c.error(yl.at(y, "year"), fmt::format("{} is given twice", w));
      const auto amount = c.num(yl, y, "amount", w, Range::non_negative(), Need::kRequired);
      const auto shift = c.num(yl, y, "shift_to_administration", w, Range::non_negative(), Need::kOptional);
      c.num(yl, y, "commitments", w, Range::non_negative(), Need::kOptional);
      if (amount && shift && *shift > *amount)
        c.error(yl.in(y, "shift_to_administration").at(y.shift_to_administration(), "value"),
                fmt::format("{}: shift_to_administration {} € is more than the amount {} €", w, format_eur(*shift),
                            format_eur(*amount)));
      const auto declared = c.num(yl, y, "declared_available", w, Range::non_negative(), Need::kOptional);
      if (amount && declared) {
        const double available = *amount - shift.value_or(0);
        if (std::fabs(available - *declared) > 0.5)
          c.warning(yl.in(y, "declared_available").at(y.declared_available(), "value"),
                    fmt::format("{}: declared_available {} € differs from amount - shift_to_administration = {} € "
                                "(by {} €)",
                                w, format_eur(*declared), format_eur(available), format_eur(*declared - available)));
      }
    }
    if (t.kind() != pb::EXTERNAL && c.start && c.horizon > 0) {
      const int first = c.start->year(), last = c.start->plus(c.horizon - 1).year();
      for (int year = first; year <= last; ++year) {
        bool found = false;
        for (const auto& y : t.year()) found |= y.year() == year;
        if (!found)
          c.warning(tl.pos(), fmt::format("{}: no budget for {} although the horizon reaches into it; entries paid "
                                          "from this title will be refused that year",
                                          what, year));
      }
    }
  }
}

const char* column_name(pb::PlanColumn col) {
  switch (col) {
    case pb::PLANNED: return "planned";
    case pb::SPENT: return "spent";
    case pb::COMMITMENTS: return "commitments";
    default: return "?";
  }
}

// Declared totals of the planning table against the sum of its lines: the documents' own slips show up here.
void check_plan_totals(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.plan_total_size(); ++i) {
    const auto& pt = s.plan_total(i);
    const Loc pl = root.in(s, "plan_total", i);
    const std::string what = fmt::format("plan_total {}{} {}", pt.label().empty() ? "" : "'" + pt.label() + "' ",
                                         pt.year(), column_name(pt.column()));
    c.scalar(pl, pt, "year", pt.year(), what, Range::whole(1900, 2200));
    const bool column_ok = c.enum_set(pl, pt, "column", pt.column(), what);
    bool refs_ok = true;
    for (int k = 0; k < pt.title_size(); ++k) refs_ok &= c.ref(pl, pt, "title", pt.title(k), c.titles, what, k);
    for (int k = 0; k < pt.instrument_size(); ++k)
      refs_ok &= c.ref(pl, pt, "instrument", pt.instrument(k), c.instruments, what, k);
    const auto declared = c.num(pl, pt, "declared", what, Range::non_negative(), Need::kRequired);
    if (!column_ok || !refs_ok || !declared) continue;
    double sum = 0;
    int lines = 0;
    for (const auto& ins : s.instrument()) {
      if (pt.title_size() > 0 &&
          std::find(pt.title().begin(), pt.title().end(), ins.budget_title()) == pt.title().end())
        continue;
      if (pt.instrument_size() > 0 &&
          std::find(pt.instrument().begin(), pt.instrument().end(), ins.id()) == pt.instrument().end())
        continue;
      for (const auto& py : ins.plan()) {
        if (py.year() != pt.year()) continue;
        const pb::Num& n = pt.column() == pb::PLANNED ? py.planned()
                           : pt.column() == pb::SPENT ? py.spent()
                                                      : py.commitments();
        sum += n.value();
        ++lines;
      }
    }
    const SourcePos pos = pl.in(pt, "declared").at(pt.declared(), "value");
    if (lines == 0) {
      c.warning(pos, fmt::format("{}: no instrument has a plan entry for {}, so the total cannot be checked", what,
                                 pt.year()));
    } else if (std::fabs(sum - *declared) > 0.5) {
      c.warning(pos, fmt::format("{}: the declared total {} € differs from the sum of its {} lines, {} € (by {} €)",
                                 what, format_eur(*declared), lines, format_eur(sum), format_eur(*declared - sum)));
    }
  }
}

// An instrument whose one entry commits more than its title can ever hold in a year can never be entered.
void check_fundable(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.instrument_size(); ++i) {
    const auto& ins = s.instrument(i);
    const auto it = c.titles.index.find(ins.budget_title());
    if (it == c.titles.index.end()) continue;
    const auto& title = s.budget_title(it->second);
    if (title.kind() == pb::EXTERNAL || title.year_size() == 0) continue;
    if (ins.capacity().unit() == pb::FLAT_RATE || ins.capacity().unit() == pb::CATALOGUE ||
        ins.supplement_to_size() > 0)
      continue;
    if (ins.capacity().unit() != pb::OPEN && ins.capacity().amount().value() <= 0) continue;
    double months = 0;
    if (ins.has_employment())
      months = ins.employment().approval_months().value();
    else if (ins.has_duration())
      months = 0.5 * (ins.duration().min_months().value() + ins.duration().max_months().value());
    const double own_share = ins.cofinance_title().empty() ? 1.0 : 1.0 - ins.cofinance_share().value();
    const double commitment = (ins.cost_per_month().value() * months + ins.cost_once().value()) * own_share;
    double best = -1;
    int best_year = 0;
    for (const auto& y : title.year()) {
      if (y.shift_to_administration().value() > y.amount().value()) continue;  // reported with the title
      const double available =
          (y.amount().value() - y.shift_to_administration().value()) * (1 + title.overdraft_share().value());
      if (available >= best) {
        best = available;
        best_year = y.year();
      }
    }
    if (best_year != 0 && std::isfinite(commitment) && commitment > best) {
      const Loc il = root.in(s, "instrument", i);
      c.error(il.in(ins, "cost_per_month").at(ins.cost_per_month(), "value"),
              fmt::format("instrument '{}': one entry commits {} € (cost_per_month {} € × {} months + cost_once {} €), "
                          "more than budget title '{}' holds in any year (at most {} € in {}, overdraft included); "
                          "nobody could ever enter",
                          ins.id(), format_eur(commitment), format_eur(ins.cost_per_month().value()),
                          format_num(months), format_eur(ins.cost_once().value()), title.id(), format_eur(best),
                          best_year));
    }
  }
}

// The plan of a year may not spend more than its title holds: a warning, since plans overbook on purpose.
void check_plan_against_titles(Checker& c) {
  const auto& s = c.scenario();
  const Loc root = c.root();
  for (int i = 0; i < s.budget_title_size(); ++i) {
    const auto& t = s.budget_title(i);
    if (t.kind() == pb::EXTERNAL) continue;
    for (int k = 0; k < t.year_size(); ++k) {
      const auto& y = t.year(k);
      if (y.shift_to_administration().value() > y.amount().value()) continue;  // reported with the title
      double planned = 0;
      for (const auto& ins : s.instrument())
        if (ins.budget_title() == t.id())
          for (const auto& py : ins.plan())
            if (py.year() == y.year()) planned += py.planned().value();
      const double available = (y.amount().value() - y.shift_to_administration().value()) *
                               (1 + t.overdraft_share().value());
      if (planned > available + 0.5)
        c.warning(root.in(s, "budget_title", i).in(t, "year", k).pos(),
                  fmt::format("budget title '{}': the instruments plan {} € for {} but the title holds {} € "
                              "(overdraft included)",
                              t.id(), format_eur(planned), y.year(), format_eur(available)));
    }
  }
}

}  // namespace

void validate_budget(Checker& c) {
  check_titles(c);
  check_plan_totals(c);
  check_fundable(c);
  check_plan_against_titles(c);
}

}  // namespace jcsim::scenario
