#include "engine/sim/prepared.h"

#include <cmath>

#include "engine/sim/quiet.h"

namespace jcsim::sim {

MonthsCdf MonthsCdf::of(const model::MonthsDist& d) {
  MonthsCdf m;
  double acc = 0;
  for (const auto& b : d.bins)
    if (b.share > 0) {
      m.from.push_back(word_above(acc += b.share));
      m.bins.push_back(b);
    }
  m.guide.prepare(m.from, m.from.size());
  return m;
}

PersonCdf PersonCdf::of(const model::Attributes& at) {
  const auto months = &MonthsCdf::of;
  return {Cdf(at.age),
          Cdf(at.sex),
          Cdf(at.household),
          Cdf(at.migration),
          Cdf(at.language),
          Cdf(at.qualification),
          Cdf(at.health),
          Cdf(at.distance),
          months(at.benefit_months_24),
          months(at.benefit_months_84_extra),
          months(at.unemployed_months)};
}

std::shared_ptr<const Prepared> Prepared::of(const model::Scenario& s) {
  auto p = std::make_shared<Prepared>();
  p->post_factor.resize(s.instruments.size());
  p->post_factor_flat.assign((s.instruments.size() + 1) << kPostRowShift, 1.0f);
  for (size_t k = 0; k < s.instruments.size(); ++k) {
    const auto& x = s.instruments[k];
    for (size_t m = 0; m < p->post_factor[k].size(); ++m) {
      const double f = 1.0 + (x.post_multiplier - 1.0) * std::exp2(-static_cast<double>(m) / x.post_half_life);
      p->post_factor[k][m] = f;
      p->post_factor_flat[(k + 1) << kPostRowShift | m] = static_cast<float>(f);
      p->post_factor_flat_in_range &= quiet_float_in_range(f);
    }
  }
  for (const auto& seg : s.population.segments) p->person_cdf.push_back(PersonCdf::of(seg.attributes));
  return p;
}

}  // namespace jcsim::sim
