#include "engine/stats/sample.h"

#include <boost/math/distributions/students_t.hpp>

namespace jcsim::stats {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double ss = 0;
  for (const double x : v) ss += (x - m) * (x - m);
  return ss / static_cast<double>(v.size() - 1);
}

double t975(double degrees) {
  if (degrees < 1) return 0;
  return boost::math::quantile(boost::math::students_t(degrees), 0.975);
}

}  // namespace jcsim::stats
