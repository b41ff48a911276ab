// What a scenario gives every replication alike: tables computed from it once per run and shared, read-only, by
// the Worlds of all its replications (each World builds its own where it is given none). Nothing here depends on
// the replication, the seed or a month's events.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/sim/random.h"

namespace jcsim::sim {

// A month count from a histogram (uniform within the bin): the bin as pick() would choose it over the bins with
// a positive share (the last of them if rounding leaves u above every sum), then the month within it.
struct MonthsCdf {
  // Per bin with a positive share: word_above(the running sum of the shares through it); a bin word at or
  // above it passes the bin.
  std::vector<uint64_t> from;
  std::vector<model::MonthsDist::Bin> bins;  // those bins
  ThresholdGuide<std::vector<uint64_t>> guide;
  static MonthsCdf of(const model::MonthsDist& d);
  int draw(uint32_t w_bin, uint32_t w_within) const {
    if (bins.empty()) return 0;
    const size_t below = guide.count(from, from.size(), w_bin);  // the sums below u01(w_bin)
    const auto& bin = bins[std::min(below, bins.size() - 1)];
    const int span = bin.to - bin.from + 1;
    return bin.from + uniform_index(w_within, span);
  }
};

// A segment's attribute distributions, prepared for World::draw_person (the same draws as pick() and the bins).
struct PersonCdf {
  Cdf<model::kAgeGroups> age;
  Cdf<model::kSexes> sex;
  Cdf<model::kHouseholds> household;
  Cdf<model::kMigrations> migration;
  Cdf<model::kLanguages> language;
  Cdf<model::kQualifications> qualification;
  Cdf<model::kHealths> health;
  Cdf<model::kDistances> distance;
  MonthsCdf benefit_months_24, benefit_months_84_extra, unemployed_months;
  static PersonCdf of(const model::Attributes& at);
};

struct Prepared {
  // Per instrument, the post-programme factor by months since completion (post_months saturates at 255).
  static constexpr int kPostRowShift = 8;
  std::vector<std::array<double, size_t{1} << kPostRowShift>> post_factor;
  // post_factor as floats in one table for the quiet-agent test (quiet.cpp): row 0 holds ones (no instrument),
  // row k + 1 instrument k, at (row << kPostRowShift) + months; and whether every value lies where that test's
  // float arithmetic is exact enough.
  std::vector<float> post_factor_flat;
  bool post_factor_flat_in_range = true;
  std::vector<PersonCdf> person_cdf;  // per segment

  static std::shared_ptr<const Prepared> of(const model::Scenario& s);
};

}  // namespace jcsim::sim
