// Phase 9: the month is booked. Each agent's benefit history gains this month (so months in benefits within 24
// and 84 months, and LZB status, follow), participants' costs are paid, teams count whom they serve, and the
// month's flows and stocks are counted per segment. Counting runs in parallel blocks with integer counters.
// finish() derives the 12-month rates (K2, K3E1) and the year-to-date cumulative integrations after the run.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include <tbb/combinable.h>

#include "engine/sim/phases.h"
#include "engine/util/assert.h"
#include "engine/util/parallel.h"

namespace jcsim::sim {

namespace {

using stats::PersonSegment;

// Person counts are kept per combination of segments (a 6-bit mask, 64 cells) and spread over the segments
// once per month: one increment per agent and counter instead of one per segment.
constexpr int kMasks = 1 << stats::kPersonSegments;

struct Counts {
  // Per metric and mask. The LZB stock and the LZB participants are not counted: they are the ELB stock and the
  // participants of the masks with the LZB bit (accounting_phase derives them after the month).
  std::array<std::array<int64_t, kMasks>, stats::kPersonMetrics> by_mask{};
  // ELB by the low and the high byte of their team mask (up to 16 teams): one increment per byte instead of one
  // per team, spread over the teams once per month.
  std::array<std::array<int64_t, 256>, 2> by_team_byte{};
  static_assert(model::kMaxTeams <= 16, "team masks have two bytes");
  // ins_waiting has one more cell than there are instruments: people who do not wait count there.
  std::vector<int64_t> ins_participants, ins_waiting, ins_spend, title_spend;
  int64_t p16i_stock = 0, p16i_max = 0, p16i_job = 0;

  explicit Counts(const World& w)
      : ins_participants(w.instruments.size()),
        ins_waiting(w.instruments.size() + 1),
        ins_spend(w.instruments.size()),
        title_spend(w.titles.size()) {}
  void merge(const Counts& o) {
    for (size_t m = 0; m < by_mask.size(); ++m)
      for (size_t k = 0; k < by_mask[m].size(); ++k) by_mask[m][k] += o.by_mask[m][k];
    for (size_t b = 0; b < by_team_byte.size(); ++b)
      for (size_t k = 0; k < by_team_byte[b].size(); ++k) by_team_byte[b][k] += o.by_team_byte[b][k];
    const auto add = [](std::vector<int64_t>& x, const std::vector<int64_t>& y) {
      for (size_t k = 0; k < x.size(); ++k) x[k] += y[k];
    };
    add(ins_participants, o.ins_participants);
    add(ins_waiting, o.ins_waiting);
    add(ins_spend, o.ins_spend);
    add(title_spend, o.title_spend);
    p16i_stock += o.p16i_stock;
    p16i_max += o.p16i_max;
    p16i_job += o.p16i_job;
  }
};

void add(Counts& c, stats::PersonMetric metric, unsigned mask, int64_t n) {
  c.by_mask[static_cast<size_t>(metric)][mask] += n;
}

// The total of each segment: the sum over the masks that contain it.
int64_t segment_total(const std::array<int64_t, kMasks>& by_mask, int segment) {
  int64_t sum = 0;
  for (unsigned m = 0; m < kMasks; ++m)
    if (m >> segment & 1u) sum += by_mask[m];
  return sum;
}

void pay(const World& w, int ins, int64_t cents, Counts& c) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  const int64_t cof = x.cofinance_title >= 0 ? std::llround(static_cast<double>(cents) * x.cofinance_share) : 0;
  c.ins_spend[static_cast<size_t>(ins)] += cents;
  c.title_spend[static_cast<size_t>(w.instruments[static_cast<size_t>(ins)].title)] += cents - cof;
  if (cof != 0) c.title_spend[static_cast<size_t>(x.cofinance_title)] += cof;
}

bool no_flows(const MonthFlags& f) {
  static_assert(sizeof(MonthFlags) == sizeof(uint64_t));
  uint64_t bits = 0;
  std::memcpy(&bits, &f, sizeof f);
  return bits == 0;
}

// Books agents [begin, end) for the month (`calendar_month`: 1..12). The columns are read through local
// pointers: a store to a byte column may alias anything in memory, so pointers read from the vectors would be
// reloaded after every such store.
void account_block(World& w, size_t begin, size_t end, int calendar_month, Counts& c) {
  auto& a = w.agents;
  MonthFlags* const flags = w.flags.data();
  uint8_t* const status_of = a.status.data();
  const uint8_t* const in_benefits = a.in_benefits.data();
  const uint8_t* const report_segments = a.report_segments.data();
  uint64_t* const history = a.history.data();
  uint32_t* const history_old = a.history_old.data();
  uint8_t* const bm24 = a.bm24.data();
  uint8_t* const bm84 = a.bm84.data();
  const int16_t* const instrument = a.instrument.data();
  const int16_t* const supplement = a.supplement.data();
  uint8_t* const months_in = a.months_in.data();
  uint8_t* const subsidy_months = a.subsidy_months.data();
  const int16_t* const waiting_since = a.waiting_since.data();
  const int8_t* const chain = a.chain.data();
  const int8_t* const stage = a.stage.data();
  const uint8_t* const birth_month = a.birth_month.data();
  uint8_t* const age_years = a.age_years.data();
  const uint16_t* const teams = a.teams.data();
  int16_t* const unemployed_months = a.unemployed_months.data();
  const int16_t* const post_instrument = a.post_instrument.data();
  uint8_t* const post_months = a.post_months.data();
  const int lzb_min = w.s.population.lzb_min_months;
  const bool teams_change_monthly = w.teams_change_monthly;
  int64_t* const elb_stock = c.by_mask[stats::kElbStock].data();
  int64_t* const participants = c.by_mask[stats::kParticipants].data();
  int64_t* const team_low = c.by_team_byte[0].data();
  int64_t* const team_high = c.by_team_byte[1].data();
  int64_t* const ins_waiting = c.ins_waiting.data();
  const int32_t* const stage_instrument = w.stage_instrument.data();
  const size_t none = w.instruments.size();
  for (size_t i = begin; i < end; ++i) {
    auto& f = flags[i];
    const auto status = static_cast<Status>(status_of[i]);
    // Most people gone before this month have nothing left to book.
    if (status == Status::kGone && no_flows(f)) continue;
    // Flows are counted with the person's LZB status at the start of the month (the K3E1 convention).
    if (!no_flows(f)) {
      const bool was_lzb = (history[i] & 1u) && bm24[i] >= lzb_min;
      const unsigned flow_mask = report_segments[i] | (was_lzb ? 1u << stats::kLzb : 0u);
      add(c, stats::kInflow, flow_mask, f.inflows);
      add(c, stats::kOutflow, flow_mask, f.outflows);
      add(c, stats::kExitsOther, flow_mask, f.exit_other);
      if (f.integrations) {
        add(c, stats::kIntegrations, flow_mask, 1);  // at most one integration per person and month (K2)
        for (int k = 0; k < model::kIntegrationKinds; ++k)
          if (f.integrations >> k & 1u)
            add(c, static_cast<stats::PersonMetric>(stats::kIntegrationsEmployment + k), flow_mask, 1);
      }
      c.p16i_max += f.subsidy_max_exit;
      c.p16i_job += f.subsidy_to_job;
      f = MonthFlags{};
    }
    if (status == Status::kGone) continue;  // gone for good: nothing of theirs is read again
    // This month enters the benefit history; the months leaving the 24- and 84-month windows leave the counts.
    const unsigned in = in_benefits[i];
    const uint64_t h = history[i];
    bm24[i] = static_cast<uint8_t>(bm24[i] - (h >> 23 & 1u) + in);
    bm84[i] = static_cast<uint8_t>(bm84[i] - (history_old[i] >> 19 & 1u) + in);
    history_old[i] = (history_old[i] << 1) | static_cast<uint32_t>(h >> 63);
    history[i] = (h << 1) | in;
    // Counted without branches on the person's state (it is random from one agent to the next, and mispredicted
    // branches would cost more than the adds): those not in benefits or not waiting add 0, or count in a spare
    // cell.
    const unsigned lzb = in & static_cast<unsigned>(bm24[i] >= lzb_min);  // World::is_lzb
    const unsigned mask = report_segments[i] | lzb << stats::kLzb;
    const unsigned seeking = status == Status::kSeeking, measure = status == Status::kMeasure;
    elb_stock[mask] += in;
    participants[mask] += in & measure;
    const unsigned waits = seeking & static_cast<unsigned>(waiting_since[i] != kNotWaiting);
    const auto cell = static_cast<size_t>(stage_instrument[w.stage_cell(chain[i], stage[i])]);
    ++ins_waiting[waits ? cell : none];
    bool job_like = false;
    if (measure) {
      const int ins = instrument[i];
      const auto& x = w.s.instruments[static_cast<size_t>(ins)];
      job_like = w.job_like(ins);
      ++c.ins_participants[static_cast<size_t>(ins)];
      if (x.is_p16i) ++c.p16i_stock;
      pay(w, ins, w.month_cost_cents(ins, x.is_employment ? subsidy_months[i] : months_in[i]), c);
      if (supplement[i] >= 0) pay(w, supplement[i], w.supplement_cost_cents(supplement[i]), c);
      // The month is paid: it counts as spent in the participation (and towards the subsidy's maximum).
      ++months_in[i];
      if (x.is_employment) ++subsidy_months[i];
    }
    // A birthday may change the age group, and with it teams and exit rules.
    if (calendar_month == birth_month[i] && age_years[i] < 255) {
      const auto before = age_group(age_years[i]);
      ++age_years[i];
      if (age_group(age_years[i]) != before) w.refresh_profile(i);
    }
    if (teams_change_monthly) w.refresh_profile(i);
    // Teams (after a birthday, which may change them): whom each serves; a person may be counted by several.
    team_low[teams[i] & 0xFFu] += in;
    team_high[teams[i] >> 8] += in;
    unemployed_months[i] =
        static_cast<int16_t>(unemployed_months[i] + ((seeking | (measure & !job_like)) &
                                                     static_cast<unsigned>(unemployed_months[i] < 32000)));
    post_months[i] = static_cast<uint8_t>(post_months[i] + ((post_instrument[i] >= 0) & (post_months[i] < 255)));
  }
}

}  // namespace

void accounting_phase(World& w) {
  const size_t n = w.agents.size();
  Counts total(w);
  const int calendar_month = w.calendar_month();
  if (w.config.parallel_agents && n > static_cast<size_t>(w.config.grain)) {
    tbb::combinable<Counts> counts([&w] { return Counts(w); });
    parallel_blocks(0, n, static_cast<size_t>(w.config.grain), [&](size_t begin, size_t end) {
      account_block(w, begin, end, calendar_month, counts.local());
    });
    counts.combine_each([&total](const Counts& c) { total.merge(c); });
  } else {
    account_block(w, 0, n, calendar_month, total);
  }
  // Flat-rate lines are spent evenly through the year, to the cent: month mm pays the rounded cumulative amount
  // through m minus that through mm - 1, so the twelve payments add up to the plan exactly.
  const auto month = w.s.month_at(w.t);
  const int year = month.year(), mm = month.month();  // 1..12
  for (size_t ins = 0; ins < w.s.instruments.size(); ++ins) {
    const auto& x = w.s.instruments[ins];
    if (!x.is_flat_rate()) continue;
    for (const auto& p : x.plan)
      if (p.year == year)
        pay(w, static_cast<int>(ins),
            std::llround(100.0 * p.planned * mm / 12.0) - std::llround(100.0 * p.planned * (mm - 1) / 12.0), total);
  }

  // The LZB stock and the active LZB: the ELB stock and the participants of the masks with the LZB bit.
  std::array<int64_t, kMasks> lzb_active{};
  for (unsigned m = 0; m < kMasks; ++m)
    if (m >> stats::kLzb & 1u) {
      total.by_mask[stats::kLzbStock][m] = total.by_mask[stats::kElbStock][m];
      lzb_active[m] = total.by_mask[stats::kParticipants][m];
    }

  const auto& L = w.layout;
  auto& v = w.values;
  const int t = w.t;
  for (int g = 0; g < stats::kPersonSegments; ++g) {
    for (int m = 0; m < stats::kPersonMetrics; ++m)
      v.at(L.person(static_cast<stats::PersonMetric>(m), g), t) =
          static_cast<double>(segment_total(total.by_mask[static_cast<size_t>(m)], g));
    const double lzb = static_cast<double>(segment_total(total.by_mask[stats::kLzbStock], g));
    v.at(L.person(stats::kLzbActivationRate, g), t) =
        lzb > 0 ? static_cast<double>(segment_total(lzb_active, g)) / lzb : 0.0;
  }
  for (size_t k = 0; k < w.instruments.size(); ++k) {
    auto& st = w.instruments[k];
    const int ki = static_cast<int>(k);
    v.at(L.instrument(stats::kInsParticipants, ki), t) = static_cast<double>(total.ins_participants[k]);
    v.at(L.instrument(stats::kInsEntries, ki), t) = st.entries;
    v.at(L.instrument(stats::kInsWaiting, ki), t) = static_cast<double>(total.ins_waiting[k]);
    v.at(L.instrument(stats::kInsSpend, ki), t) = static_cast<double>(total.ins_spend[k]) / 100.0;
    JCSIM_ASSERT(w.s.instruments[k].is_supplement() || w.s.instruments[k].is_flat_rate() ||
                     total.ins_participants[k] == st.occupied,
                 "occupancy differs from the participants counted");
    st.entries = 0;
  }
  // A catalogue line's figures are those of its projects (its waiting are its own: stages name the line).
  for (size_t k = 0; k < w.instruments.size(); ++k) {
    const int line = w.s.instruments[k].line;
    if (line < 0) continue;
    for (const auto m : {stats::kInsParticipants, stats::kInsEntries, stats::kInsSpend})
      v.at(L.instrument(m, line), t) += v.at(L.instrument(m, static_cast<int>(k)), t);
  }
  double spend_all = 0, commitments_all = 0;
  const int y = w.year_index(t);
  for (size_t k = 0; k < w.titles.size(); ++k) {
    auto& title = w.titles[k];
    const int kt = static_cast<int>(k);
    title.spent_month_cents = total.title_spend[k];
    title.spent_year_cents += total.title_spend[k];
    const double next = y + 1 < w.years ? static_cast<double>(title.bound_cents[static_cast<size_t>(y + 1)]) / 100.0 : 0;
    v.at(L.title(stats::kTitleSpend, kt), t) = static_cast<double>(title.spent_month_cents) / 100.0;
    v.at(L.title(stats::kTitleSpendYear, kt), t) = static_cast<double>(title.spent_year_cents) / 100.0;
    v.at(L.title(stats::kTitleAvailable, kt), t) = title.available;
    v.at(L.title(stats::kTitleCommitmentsNextYear, kt), t) = next;
    if (w.s.budget_titles[k].limited()) {
      spend_all += static_cast<double>(title.spent_month_cents) / 100.0;
      commitments_all += next;
    }
  }
  for (size_t k = 0; k < w.teams.size(); ++k) {
    auto& team = w.teams[k];
    const auto& def = w.s.teams[k];
    const auto& by_byte = total.by_team_byte[k / 8];
    int64_t served = 0;
    for (unsigned m = 0; m < 256; ++m)
      if (m >> (k % 8) & 1u) served += by_byte[m];
    team.served = static_cast<int>(served);
    const double load = def.caseload_basis == model::CaseloadBasis::kPerBg
                            ? team.served / w.s.population.elb_per_bg
                            : static_cast<double>(team.served);
    v.at(L.team(stats::kTeamFte, static_cast<int>(k)), t) = team.fte;
    v.at(L.team(stats::kTeamCaseload, static_cast<int>(k)), t) = team.fte > 0 ? load / team.fte : 0.0;
  }
  v.at(L.global(stats::kSpendAll), t) = spend_all;
  v.at(L.global(stats::kCommitmentsNextYearAll), t) = commitments_all;
  v.at(L.global(stats::kP16iStock), t) = static_cast<double>(total.p16i_stock);
  v.at(L.global(stats::kP16iExitsMaxDuration), t) = static_cast<double>(total.p16i_max);
  v.at(L.global(stats::kP16iExitsToJob), t) = static_cast<double>(total.p16i_job);
}

void finish(World& w) {
  const auto& L = w.layout;
  auto& v = w.values;
  const int horizon = w.s.horizon;
  for (int g = 0; g < stats::kPersonSegments; ++g) {
    double cumulative = 0;
    for (int t = 0; t < horizon; ++t) {
      if (w.s.month_at(t).month() == 1) cumulative = 0;  // year to date
      cumulative += v.at(L.person(stats::kIntegrations, g), t);
      v.at(L.person(stats::kIntegrationsCumulative, g), t) = cumulative;
      // K2 / K3E1 over the last 12 months; annualised while fewer than 12 months are simulated.
      const int from = std::max(0, t - 11), months = t - from + 1;
      double integrations = 0, lzb_integrations = 0, elb = 0, lzb = 0;
      for (int k = from; k <= t; ++k) {
        integrations += v.at(L.person(stats::kIntegrations, g), k);
        elb += v.at(L.person(stats::kElbStock, g), k);
        lzb_integrations += v.at(L.person(stats::kIntegrations, stats::kLzb), k);
        lzb += v.at(L.person(stats::kLzbStock, stats::kLzb), k);
      }
      const double scale = 12.0 / months;
      v.at(L.person(stats::kIntegrationRate12m, g), t) = elb > 0 ? scale * integrations / (elb / months) : 0.0;
      // K3E1 is a figure of the whole Jobcenter: reported for `all` and `lzb`.
      if (g == stats::kAll || g == stats::kLzb)
        v.at(L.person(stats::kLzbIntegrationRate12m, g), t) = lzb > 0 ? scale * lzb_integrations / (lzb / months) : 0.0;
    }
  }
}

}  // namespace jcsim::sim
