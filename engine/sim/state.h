// The state of one replication: agents as a struct of arrays, and the state of instruments, budget titles and
// teams. Thread-compatible: the agent-wise phases touch only their own agents and per-block tallies; shared
// counters change only in the sequential assignment phase or when tallies are merged (integer sums, so the merge
// order does not matter).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/model/scenario.h"
#include "engine/sim/random.h"

namespace jcsim::sim {

enum class Status : uint8_t {
  kSeeking,   // ELB looking for work (possibly waiting for the next stage of a Förderkette)
  kMeasure,   // taking part in an instrument (a measure, subsidised employment, an apprenticeship)
  kEmployed,  // integrated into unsubsidised work; an ELB while its benefit continues (working ELB)
  kGone,      // left benefits for good (or until a return), not an ELB
};

inline constexpr int16_t kNone = -1;
// waiting_since of a person who waits for nothing (months before the start are negative: the initial stock has
// already waited).
inline constexpr int16_t kNotWaiting = INT16_MIN;

// Agents of one replication, a struct of arrays; index = slot. Slots are never reused within a replication.
struct Agents {
  std::vector<uint64_t> id;
  // The benefit history in three words of 32 months (32-bit lanes for the vector code): bit k of `history` is
  // in benefits k+1 months ago (bit 0 = last month), `history_mid` holds months 33..64 back, `history_old` 65..96.
  std::vector<uint32_t> history, history_mid, history_old;
  // Whether agent i was in benefits k + 1 months before the month accounting books next (k in 0..95).
  bool in_benefits_back(size_t i, int k) const {
    const uint32_t word = k < 32 ? history[i] : k < 64 ? history_mid[i] : history_old[i];
    return (word >> (k % 32) & 1u) != 0;
  }
  std::vector<uint8_t> segment, age_years, birth_month, sex, household, migration, language, qualification, health,
      distance;
  std::vector<uint8_t> status, in_benefits;
  std::vector<int16_t> instrument;   // current instrument, kNone if none
  std::vector<int8_t> chain, stage;  // Förderkette and its next/current stage, kNone if none
  std::vector<uint8_t> months_in;    // months paid in the current instrument (or approval period)
  std::vector<uint8_t> duration;     // planned months of the current participation (or approval period)
  std::vector<uint8_t> subsidy_months;  // total months in subsidised employment (for the maximum)
  std::vector<int16_t> waiting_since;   // month t since which it waits for its stage, kNotWaiting if not waiting
  std::vector<int16_t> unemployed_months;
  std::vector<int16_t> post_instrument;  // last completed instrument, for its post-programme effect
  std::vector<uint8_t> post_months;
  std::vector<int16_t> return_at;   // month t at which a not-sustained job ends, kNone
  std::vector<int16_t> entered_at;  // month t the agent last entered benefits
  std::vector<int16_t> supplement;  // supplement paid alongside, kNone
  std::vector<uint8_t> precommitted; // in an initial cohort: its money was declared as commitments, not bound by us
  // Derived, kept current so the monthly loops need not recompute them:
  std::vector<uint8_t> bm24, bm84;   // months in benefits within the last 24 / 84 (= popcounts of the history)
  std::vector<uint16_t> teams;       // bit k: team k serves the person (refreshed when what it depends on changes)
  std::vector<float> exit_hazard;    // combined exit hazard of the person's segment rules (without rate factors)
  std::vector<uint32_t> priority;    // keyed queue priority, fixed for life
  std::vector<uint8_t> report_segments;  // bits of the person segments but lzb (all, age side, refugee, ...)
  std::vector<uint32_t> profile_bits;    // value bits of the attributes but the LZB status (World::facts)
  std::vector<int16_t> queued_since;     // in the assignment queue (World::queue) with this wait, kNotWaiting
  // The largest participation share among the Förderketten a review could offer the person, rounded up to
  // 1/255 (World::review_reach; the quiet test's bound of a review that offers one).
  std::vector<uint8_t> review_reach;
  // The person's Purpose::kMonthly words of the current month pair, made in the even month: their low halves are
  // the top bits of the even month's draws, their high halves those of the odd month's (MonthDraws).
  std::array<std::vector<uint32_t>, 4> pair_words;
  uint16_t draw_half(size_t i, int k, int t) const {
    return static_cast<uint16_t>(pair_words[static_cast<size_t>(k)][i] >> (16 * (t & 1)));
  }

  size_t size() const { return id.size(); }
  void reserve(size_t n);
  size_t add(const uint64_t* ids, size_t n);  // n new slots with neutral values; returns the first

  // Months in benefits within the last 24 / 84 months (up to the last accounted month).
  int benefit_months_24(size_t i) const { return bm24[i]; }
  int benefit_months_84(size_t i) const { return bm84[i]; }

  // Memory per agent: the sum of one element of every column.
  static size_t bytes_per_agent();
};

inline model::AgeGroup age_group(int age_years) {
  if (age_years < 25) return model::AgeGroup::kU25;
  if (age_years < 55) return model::AgeGroup::k25_54;
  if (age_years < 58) return model::AgeGroup::k55_57;
  return model::AgeGroup::k58Plus;
}

// One replication's view of an instrument as the calendar changes it.
struct InstrumentState {
  double capacity = 0;       // in the instrument's unit; changed by events
  bool closed = false;       // closed by an event
  int title = 0;             // who pays; changed by funding events
  int redirect = -1;         // entries go to this instrument instead
  int occupied = 0;          // participants now
  int year_count = 0;        // entries (E) or cases (F) this calendar year
  int supplement_cases = 0;  // for supplements: cases this year
  // this month
  int entries = 0, waiting = 0;
  int64_t spend_cents = 0;
};

struct TitleState {
  // Money bound per calendar year (index = year - first year); spend of the current year.
  std::vector<int64_t> bound_cents;
  int64_t limit_cents = 0;  // this year's available amount incl. overdraft; INT64_MAX if unlimited
  int64_t spent_year_cents = 0;
  int64_t spent_month_cents = 0;
  double available = 0;  // this year's amount less the shift (for reports)
  int override_year = -1;  // a budget event set this year's amount
  double override_amount = 0;
};

struct TeamState {
  double fte = 0, positions = 0;
  std::vector<double> arrivals;  // hires arriving per month t
  double contacts = 0;           // counselling contacts available this month
  int served = 0;                // ELB (or BG basis: ELB) served at the end of the month
  int decisions_left = 0;        // assignment decisions left this month
};

}  // namespace jcsim::sim
