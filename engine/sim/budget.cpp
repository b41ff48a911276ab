// Phase 2: in January (and in the first month) each budget title opens its year: the available amount (less the
// shift to administration, plus the overdraft allowed) becomes the limit for new commitments; the money already
// bound for the year (the scenario's declared commitments in the first year, the simulation's own afterwards)
// and the year's flat-rate lines count against it.
#include <cmath>
#include <limits>

#include "engine/sim/phases.h"

namespace jcsim::sim {

void open_title_year(World& w, size_t k, int year) {
  const auto& bt = w.s.budget_titles[k];
  auto& title = w.titles[k];
  const auto* by = bt.year(year);
  const double shift = by ? by->shift_to_administration : 0.0;
  title.available = title.override_year == year ? title.override_amount - shift : by ? by->available() : 0.0;
  title.limit_cents = !bt.limited() ? std::numeric_limits<int64_t>::max()
                                    : std::llround(100.0 * title.available * (1.0 + bt.overdraft_share));
}

void budget_year_phase(World& w) {
  if (w.t != 0 && w.calendar_month() != 1) return;
  const int year = w.s.month_at(w.t).year();
  const int y = w.year_index(w.t);
  for (size_t k = 0; k < w.titles.size(); ++k) {
    const auto& bt = w.s.budget_titles[k];
    auto& title = w.titles[k];
    const auto* by = bt.year(year);
    open_title_year(w, k, year);
    if (w.t == 0 && by) title.bound_cents[static_cast<size_t>(y)] += std::llround(100.0 * by->commitments);
    title.spent_year_cents = 0;
  }
  for (size_t ins = 0; ins < w.s.instruments.size(); ++ins) {
    auto& st = w.instruments[ins];
    const auto& x = w.s.instruments[ins];
    // F counts the cases funded in the year: those carried in, then every entry. E counts entries only.
    st.year_count = x.capacity_unit == model::CapacityUnit::kCasesPerYear ? st.occupied : 0;
    st.supplement_cases = 0;
    if (x.is_flat_rate())
      for (const auto& p : x.plan)
        if (p.year == year)
          w.titles[static_cast<size_t>(st.title)].bound_cents[static_cast<size_t>(y)] += std::llround(100.0 * p.planned);
  }
}

}  // namespace jcsim::sim
