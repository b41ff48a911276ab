// Phase 3: every team loses staff to turnover (binomial over its whole FTE), and each vacancy is filled after
// the hiring lag, never above the budgeted positions. The team's counselling contacts this month follow.
#include <algorithm>
#include <cmath>

#include <boost/random/binomial_distribution.hpp>

#include "engine/sim/phases.h"

namespace jcsim::sim {

void staff_phase(World& w) {
  for (size_t k = 0; k < w.teams.size(); ++k) {
    const auto& team = w.s.teams[k];
    auto& st = w.teams[k];
    if (w.t == 0) {
      // Positions vacant at the start are filled after one hiring lag.
      const double vacant = st.positions - st.fte;
      if (vacant > 0 && team.hiring_lag_months < w.s.horizon)
        st.arrivals[static_cast<size_t>(team.hiring_lag_months)] += vacant;
    }
    KeyedEngine engine(w.rng, make_id(Origin::kTeam, 0, static_cast<uint32_t>(k), 0), w.t, Purpose::kCount);
    const int heads = static_cast<int>(std::floor(st.fte));
    const int leavers = heads > 0 && team.turnover_hazard > 0
                            ? boost::random::binomial_distribution<int>(heads, team.turnover_hazard)(engine)
                            : 0;
    st.fte -= leavers;
    const int arrive = w.t + team.hiring_lag_months;
    if (leavers > 0 && arrive < w.s.horizon) st.arrivals[static_cast<size_t>(arrive)] += leavers;
    st.fte = std::min(st.fte + st.arrivals[static_cast<size_t>(w.t)], st.positions);
    st.contacts = st.fte * team.contacts_per_fte_month;
    // Contact density of last month's caseload scales job finding (1 where the team serves nobody yet).
    const auto& jf = w.s.job_finding;
    const double density = st.served > 0 ? st.contacts / st.served : jf.contact_reference;
    w.contact_factor[k] = std::clamp(std::pow(density / jf.contact_reference, jf.contact_elasticity),
                                     jf.contact_factor_min, jf.contact_factor_max);
  }
}

}  // namespace jcsim::sim
