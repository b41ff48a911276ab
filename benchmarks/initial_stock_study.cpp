// What drawing the initial stock once per run, instead of once per replication, would do to a run's statistics.
//
//   ./build/benchmarks/initial_stock_study [SEEDS=10] [REPS=200] [SCENARIO=scenarios/en2024.textproto]
//
// The engine draws the synthetic starting population anew in every replication (run_replication populates its
// own world). The alternative, proposed for speed (populating EN 2024 is ≈14 % of a replication, copying a
// populated world ≈0.7 %), populates one world per run from a key of the seed alone and copies it into every
// replication, whose later draws stay keyed by their replication. This program runs both ways for SEEDS seeds
// × REPS replications and prints, for year-end figures, the spread within a run (the sd the bands show), the
// standard error of a run's mean that follows from it, and the spread of the SEEDS run means. Where the run
// means scatter by more than the standard error, a run's mean carries the one drawn stock's deviation, which
// neither its bands nor its standard error show.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "engine/scenario/load.h"
#include "engine/sim/phases.h"
#include "engine/sim/step.h"
#include "engine/stats/series.h"
#include "engine/util/memory.h"
#include "engine/util/parallel.h"

namespace {

using namespace jcsim;

struct Figure {
  const char* label;
  size_t series;
  double scale = 1.0;  // printed × scale (a rate as a percentage)
};

// The last month's value of every figure in each of `reps` replications (values[figure][replication]).
std::vector<std::vector<double>> run_seed(const model::Scenario& s, const stats::Layout& layout,
                                          const std::shared_ptr<const sim::Prepared>& tables,
                                          const std::vector<Figure>& figures, uint64_t seed, int reps, bool once) {
  sim::RunConfig config;
  config.seed = seed;
  config.parallel_agents = false;
  // Once per run: the stock's draws are keyed by the seed and a replication number no run uses.
  std::unique_ptr<sim::World> stock;
  if (once) {
    stock = std::make_unique<sim::World>(s, layout, 0xFFFFFFFFu, config, tables);
    sim::populate(*stock);
  }
  std::vector<std::vector<double>> out(figures.size(), std::vector<double>(static_cast<size_t>(reps)));
  parallel_blocks(0, static_cast<size_t>(reps), 1, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      std::unique_ptr<sim::World> w;
      if (once) {
        w = std::make_unique<sim::World>(*stock);
        w->rng.replication = static_cast<uint32_t>(r);
        w->reserve_for_run();
        sim::run_months(*w);
      } else {
        w = std::make_unique<sim::World>(s, layout, static_cast<uint32_t>(r), config, tables);
        sim::run_replication(*w);
      }
      for (size_t f = 0; f < figures.size(); ++f) out[f][r] = w->values.at(figures[f].series, s.horizon - 1);
    }
  });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 200;
  const std::string path = argc > 3 ? argv[3] : std::string(JCSIM_SOURCE_DIR) + "/scenarios/en2024.textproto";
  if (seeds < 2 || reps < 2) {
    std::fprintf(stderr, "usage: initial_stock_study [SEEDS >= 2] [REPS >= 2] [SCENARIO]\n");
    return 2;
  }
  keep_freed_memory();
  const auto loaded = scenario::load_file(path);
  if (!loaded.scenario) {
    std::fprintf(stderr, "%s: does not load (jcsim validate says why)\n", path.c_str());
    return 2;
  }
  const auto& s = *loaded.scenario;
  const stats::Layout layout(s);
  const auto tables = sim::Prepared::of(s);
  std::vector<Figure> figures = {
      {"integrations_cumulative all", layout.person(stats::kIntegrationsCumulative, stats::kAll)},
      {"integrations_cumulative refugee", layout.person(stats::kIntegrationsCumulative, stats::kRefugee)},
      {"integration_rate_12m all (%)", layout.person(stats::kIntegrationRate12m, stats::kAll), 100.0},
      {"elb_stock all", layout.person(stats::kElbStock, stats::kAll)},
      {"elb_stock u25", layout.person(stats::kElbStock, stats::kU25)},
      {"lzb_stock all", layout.person(stats::kLzbStock, stats::kAll)},
      {"p16i_exits_max_duration", layout.global(stats::kP16iExitsMaxDuration)},
      {"p16i_exits_to_job", layout.global(stats::kP16iExitsToJob)},
  };
  std::printf("%s, %d seeds x %d replications, at %d-%02d (month %d)\n", path.c_str(), seeds, reps,
              s.month_at(s.horizon - 1).year(), s.month_at(s.horizon - 1).month(), s.horizon - 1);
  std::printf("%-34s %-16s %10s %10s %13s %7s\n", "figure", "initial stock", "sd in run", "SE of mean",
              "sd of means", "ratio");
  for (const bool once : {false, true}) {
    // per figure: the within-run sd and the mean of each seed's run
    std::vector<std::vector<double>> sd(figures.size()), means(figures.size());
    for (int k = 0; k < seeds; ++k) {
      const auto v = run_seed(s, layout, tables, figures, 1000 + static_cast<uint64_t>(k), reps, once);
      for (size_t f = 0; f < figures.size(); ++f) {
        const auto m = stats::moments_of(v[f]);
        sd[f].push_back(m.sd);
        means[f].push_back(m.mean);
      }
    }
    for (size_t f = 0; f < figures.size(); ++f) {
      const double scale = figures[f].scale;
      const double within = stats::moments_of(sd[f]).mean * scale, se = within / std::sqrt(reps);
      const double between = stats::moments_of(means[f]).sd * scale;
      std::printf("%-34s %-16s %10.2f %10.3f %13.3f %7.2f\n", figures[f].label,
                  once ? "once per run" : "per replication", within, se, between, se > 0 ? between / se : 0.0);
    }
  }
  // Where the SE is right, the ratio is a sample sd over the true one: sqrt(chi-squared(seeds - 1) / (seeds - 1)).
  const boost::math::chi_squared chi(seeds - 1);
  const auto bound = [&](double p) { return std::sqrt(boost::math::quantile(chi, p) / (seeds - 1)); };
  std::printf(
      "ratio: the sd of the run means over the SE of one run's mean. Where that SE tells the truth, 90 %% of "
      "ratios fall within %.2f-%.2f with %d seeds.\n",
      bound(0.05), bound(0.95), seeds);
  return 0;
}
