// Yearly tables derived from a run: per instrument and per budget title. The spreadsheet and the CSV tables both
// use them, so the two can never disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/scenario.h"
#include "proto/results.pb.h"

namespace jcsim::out {

struct InstrumentYear {
  const model::Instrument* instrument;
  int year;
  double entries, participants_avg, waiting_end, spend;
  std::optional<double> planned;  // the plan of the year, if the scenario gives one
};

struct TitleYear {
  const model::BudgetTitle* title;
  int year;
  std::optional<double> available;  // limited titles only
  double spend, spend_p05, spend_p95, commitments_next_year;
};

std::vector<InstrumentYear> instrument_years(const results::Run& run, const model::Scenario& s);
std::vector<TitleYear> title_years(const results::Run& run, const model::Scenario& s);

// instruments.csv and budget.csv.
std::string instruments_csv(const std::vector<InstrumentYear>& rows);
std::string budget_csv(const std::vector<TitleYear>& rows);

// The cells of a run by (metric, segment), month by month.
class CellIndex {
 public:
  explicit CellIndex(const results::Run& run);
  const results::Cell* at(const std::string& metric, const std::string& segment, int t) const;
  double mean(const std::string& metric, const std::string& segment, int t) const {
    const auto* c = at(metric, segment, t);
    return c ? c->mean() : 0.0;
  }

 private:
  const results::Run& run_;
  std::vector<std::pair<std::pair<std::string, std::string>, int>> first_;  // sorted by name
};

// A CSV text field: quoted, with a leading = + - @ neutralised so that no spreadsheet reads it as a formula.
std::string csv_text(const std::string& text);

}  // namespace jcsim::out
