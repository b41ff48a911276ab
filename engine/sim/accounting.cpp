// Phase 9: the month is booked. Each agent's benefit history gains this month (so months in benefits within 24
// and 84 months, and LZB status, follow), participants' costs are paid, teams count whom they serve, and the
// month's flows and stocks are counted per segment. Counting runs in parallel blocks with integer counters.
// finish() derives the 12-month rates (K2, K3E1) and the year-to-date cumulative integrations after the run.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

#include <tbb/combinable.h>

#include "engine/sim/phases.h"
#include "engine/util/assert.h"
#include "engine/util/cpu.h"
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
  std::vector<int64_t> months_paid;  // per World::cost_cell: participation months paid at that cost
  // The waiting per World::stage_cell of the (chain, stage) they wait for; cell 0 (no chain) holds the others.
  std::vector<int64_t> waiting_by_cell;
  int64_t p16i_stock = 0, p16i_max = 0, p16i_job = 0;

  explicit Counts(const World& w)
      : ins_participants(w.instruments.size()),
        ins_waiting(w.instruments.size() + 1),
        ins_spend(w.instruments.size()),
        title_spend(w.titles.size()),
        months_paid(w.cost_cells),
        waiting_by_cell(w.stage_instrument.size()) {}
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
    add(months_paid, o.months_paid);
    add(waiting_by_cell, o.waiting_by_cell);
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

// Pays n payments of `cents` for instrument `ins` (the co-financed part rounded per payment).
void pay(const World& w, int ins, int64_t cents, Counts& c, int64_t n = 1) {
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  const int64_t cof = x.cofinance_title >= 0 ? std::llround(static_cast<double>(cents) * x.cofinance_share) : 0;
  c.ins_spend[static_cast<size_t>(ins)] += n * cents;
  c.title_spend[static_cast<size_t>(w.instruments[static_cast<size_t>(ins)].title)] += n * (cents - cof);
  if (cof != 0) c.title_spend[static_cast<size_t>(x.cofinance_title)] += n * cof;
}

// The columns account_block reads and writes, held in locals: a store to a byte column may alias anything in
// memory, so pointers read from the vectors would be reloaded after every such store.
struct BookColumns {
  explicit BookColumns(World& w)
      : flags(w.flags.data()),
        status(w.agents.status.data()),
        in_benefits(w.agents.in_benefits.data()),
        report_segments(w.agents.report_segments.data()),
        history(w.agents.history.data()),
        history_mid(w.agents.history_mid.data()),
        history_old(w.agents.history_old.data()),
        bm24(w.agents.bm24.data()),
        bm84(w.agents.bm84.data()),
        waiting_since(w.agents.waiting_since.data()),
        chain(w.agents.chain.data()),
        stage(w.agents.stage.data()),
        birth_month(w.agents.birth_month.data()),
        age_years(w.agents.age_years.data()),
        teams(w.agents.teams.data()),
        unemployed_months(w.agents.unemployed_months.data()),
        post_instrument(w.agents.post_instrument.data()),
        post_months(w.agents.post_months.data()) {}
  const MonthFlags* flags;
  const uint8_t* status;
  const uint8_t* in_benefits;
  const uint8_t* report_segments;
  uint32_t* history;
  uint32_t* history_mid;
  uint32_t* history_old;
  uint8_t* bm24;
  uint8_t* bm84;
  const int16_t* waiting_since;
  const int8_t* chain;
  const int8_t* stage;
  const uint8_t* birth_month;
  uint8_t* age_years;
  const uint16_t* teams;
  int16_t* unemployed_months;
  const int16_t* post_instrument;
  uint8_t* post_months;
};

// Agents are booked in blocks of kBlock. The column updates every living agent gets run as loops without a
// branch over the block, which the compiler vectorises (with AVX2 where the processor has it); the rare cases
// (flows, participants, birthdays) go through a scalar pass over just those agents; the counters
// through a pass of increments. The block's columns stay in the L1 cache between the passes.
constexpr size_t kBlock = 64;

// What the passes over a block hand on, per agent of the block.
struct BlockState {
  std::array<uint8_t, kBlock> flows{};      // 1: the agent has flows to count
  std::array<uint8_t, kBlock> flow_mask{};  // segment mask with the LZB status at the start of the month
  std::array<uint8_t, kBlock> mask{};       // segment mask with the LZB status after this month
  std::array<uint8_t, kBlock> rare{};       // 1: the agent needs the scalar pass (book_rare)
  std::array<uint8_t, kBlock> regroup{};    // 1: a birthday this month took the agent into another age group
  std::array<uint16_t, kBlock> wait_cell{};  // the stage_cell the agent waits for, 0 if it does not wait
};

// This month enters the benefit history of agents [0, n) of the block (the months leaving the 24- and 84-month
// windows leave the counts); their segment masks, flows and rare cases are noted. The gone keep their columns:
// nothing of theirs is read again. No branch depends on the agent, and the parameters say that the columns do
// not overlap, so the compiler vectorises the loop (GCC honours __restrict on parameters, not on locals).
[[gnu::always_inline]] inline void book_history_kernel(
    size_t n, int lzb_min, int calendar_month, bool refresh_all, const MonthFlags* __restrict flags,
    const uint8_t* __restrict status, const uint8_t* __restrict in_benefits,
    const uint8_t* __restrict report_segments, uint32_t* __restrict history, uint32_t* __restrict history_mid,
    uint32_t* __restrict history_old, uint8_t* __restrict bm24, uint8_t* __restrict bm84,
    const uint8_t* __restrict birth_month, uint8_t* __restrict age_years, uint8_t* __restrict flows,
    uint8_t* __restrict flow_mask, uint8_t* __restrict mask, uint8_t* __restrict rare,
    uint8_t* __restrict regroup) {
  for (size_t k = 0; k < n; ++k) {
    const uint8_t st = status[k];
    const uint8_t live = st != static_cast<uint8_t>(Status::kGone);
    const uint8_t in = in_benefits[k];
    const uint32_t h = history[k], mid = history_mid[k], old = history_old[k];
    const uint8_t segments = report_segments[k];
    uint64_t flag_bits = 0;
    std::memcpy(&flag_bits, &flags[k], sizeof flag_bits);
    flows[k] = static_cast<uint8_t>((flag_bits | (uint64_t{0} - flag_bits)) >> 63);  // 1 if any flag is set
    // Flows are counted with the LZB status at the start of the month (the K3E1 convention).
    const uint8_t was_lzb = static_cast<uint8_t>(h) & static_cast<uint8_t>(bm24[k] >= lzb_min);  // bit 0 of h
    flow_mask[k] = static_cast<uint8_t>(segments | was_lzb << stats::kLzb);
    // The gone are masked out by arithmetic, not by a condition: a conditional store would stop the vectoriser.
    const uint32_t keep32 = uint32_t{0} - live;
    const auto b24 = static_cast<uint8_t>(bm24[k] + ((in - static_cast<uint8_t>(h >> 23 & 1u)) & keep32));
    bm24[k] = b24;
    bm84[k] = static_cast<uint8_t>(bm84[k] + ((in - static_cast<uint8_t>(old >> 19 & 1u)) & keep32));
    history_old[k] = old ^ (((old << 1 | mid >> 31) ^ old) & keep32);
    history_mid[k] = mid ^ (((mid << 1 | h >> 31) ^ mid) & keep32);
    history[k] = h ^ (((h << 1 | in) ^ h) & keep32);
    const uint8_t lzb = in & static_cast<uint8_t>(b24 >= lzb_min);  // World::is_lzb
    mask[k] = static_cast<uint8_t>(segments | lzb << stats::kLzb);
    // A birthday: a year older; only a new age group (age_group: from 25, 55, 58) needs the scalar pass. (Written
    // with sums of comparisons: GCC 12 does not vectorise the loop with three comparisons for equality.)
    const uint8_t years = age_years[k];
    const auto birthday = static_cast<uint8_t>(static_cast<uint8_t>(birth_month[k] == calendar_month) & live);
    const auto group = static_cast<uint8_t>((years >= 25) + (years >= 55) + (years >= 58));
    const auto next = static_cast<uint8_t>((years >= 24) + (years >= 54) + (years >= 57));
    age_years[k] = static_cast<uint8_t>(years + (birthday & static_cast<uint8_t>(years != 255)));
    const auto new_group = static_cast<uint8_t>(birthday & static_cast<uint8_t>(next != group));
    regroup[k] = new_group;
    rare[k] =
        static_cast<uint8_t>((st == static_cast<uint8_t>(Status::kMeasure)) | (live & (new_group | refresh_all)));
  }
}

// Months unemployed of the seeking (participants' in the scalar pass) and months since a completed programme;
// the (chain, stage) cell each waiting seeker waits for.
[[gnu::always_inline]] inline void count_months_kernel(
    size_t n, uint16_t stride, const uint8_t* __restrict status, int16_t* __restrict unemployed_months,
    const int16_t* __restrict post_instrument, uint8_t* __restrict post_months,
    const int16_t* __restrict waiting_since, const int8_t* __restrict chain, const int8_t* __restrict stage,
    uint16_t* __restrict wait_cell) {
  for (size_t k = 0; k < n; ++k) {
    const uint8_t st = status[k];
    const bool live = st != static_cast<uint8_t>(Status::kGone);
    const bool seeking = st == static_cast<uint8_t>(Status::kSeeking);
    unemployed_months[k] = static_cast<int16_t>(unemployed_months[k] + (seeking & (unemployed_months[k] < 32000)));
    post_months[k] =
        static_cast<uint8_t>(post_months[k] + (live & (post_instrument[k] >= 0) & (post_months[k] < 255)));
    const auto waits = static_cast<uint16_t>(seeking & (waiting_since[k] != kNotWaiting));
    const auto cell = static_cast<uint16_t>((chain[k] + 1) * stride + (stage[k] + 1));  // World::stage_cell
    wait_cell[k] = static_cast<uint16_t>(cell & (0 - waits));
  }
}

// The kernels on the block at b, compiled for the x86-64 baseline and, where it can be, for AVX2. A full block
// has a constant trip count: GCC's cost model at -O2 vectorises only loops that need no scalar remainder.
#define JCSIM_ACCOUNT_KERNELS(SUFFIX, ATTRIBUTES)                                                                 \
  ATTRIBUTES void book_history_##SUFFIX(const BookColumns& c, size_t b, size_t n, int lzb_min,                    \
                                        int calendar_month, bool refresh_all, BlockState& out) {                  \
    const auto run = [&](size_t m) {                                                                              \
      book_history_kernel(m, lzb_min, calendar_month, refresh_all, c.flags + b, c.status + b, c.in_benefits + b,  \
                          c.report_segments + b, c.history + b, c.history_mid + b, c.history_old + b, c.bm24 + b, \
                          c.bm84 + b, c.birth_month + b, c.age_years + b, out.flows.data(), out.flow_mask.data(), \
                          out.mask.data(), out.rare.data(), out.regroup.data());                                  \
    };                                                                                                            \
    n == kBlock ? run(kBlock) : run(n);                                                                           \
  }                                                                                                               \
  ATTRIBUTES void count_months_##SUFFIX(const BookColumns& c, size_t b, size_t n, uint16_t stride,                \
                                        BlockState& out) {                                                        \
    const auto run = [&](size_t m) {                                                                              \
      count_months_kernel(m, stride, c.status + b, c.unemployed_months + b, c.post_instrument + b,                \
                          c.post_months + b, c.waiting_since + b, c.chain + b, c.stage + b,                       \
                          out.wait_cell.data());                                                                  \
    };                                                                                                            \
    n == kBlock ? run(kBlock) : run(n);                                                                           \
  }
JCSIM_ACCOUNT_KERNELS(portable, )
#ifdef JCSIM_HAVE_AVX2_PATH
JCSIM_ACCOUNT_KERNELS(avx2, JCSIM_TARGET_AVX2)
#endif
#undef JCSIM_ACCOUNT_KERNELS

// Bit k set where bytes[k] is 1, for k < n (bytes are 0 or 1): eight bytes at a time, each byte moved to its bit
// by one multiplication (no partial product reaches another byte's bit, and none carries into bits 56-63).
uint64_t pack_bits(const std::array<uint8_t, kBlock>& bytes, size_t n) {
  uint64_t bits = 0;
  for (size_t k = 0; k < kBlock; k += 8) {
    uint64_t eight = 0;
    std::memcpy(&eight, bytes.data() + k, sizeof eight);
    bits |= (eight * 0x0102040810204080u) >> 56 << k;
  }
  return n == kBlock ? bits : bits & ((uint64_t{1} << n) - 1);
}

// The month's flows of agent i, counted with the segment mask at the start of the month, and its flags cleared.
void book_flows(World& w, size_t i, unsigned flow_mask, Counts& c) {
  auto& f = w.flags[i];
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

// An agent with something rare this month: in a measure (paid, and a month further), a birthday that took it into
// another age group (`regroup`: its teams and exit rules may change with it), or teams that read monthly
// attributes. `mask`: its segment mask after this month.
void book_rare(World& w, size_t i, unsigned mask, bool regroup, Counts& c) {
  auto& a = w.agents;
  const auto status = static_cast<Status>(a.status[i]);
  const bool measure = status == Status::kMeasure;
  if (measure) {
    const int ins = a.instrument[i];
    const auto& x = w.s.instruments[static_cast<size_t>(ins)];
    c.by_mask[stats::kParticipants][mask] += a.in_benefits[i];
    ++c.ins_participants[static_cast<size_t>(ins)];
    if (x.is_p16i) ++c.p16i_stock;
    ++c.months_paid[w.cost_cell(ins, x.is_employment ? a.subsidy_months[i] : a.months_in[i])];
    if (a.supplement[i] >= 0) ++c.months_paid[w.cost_cell(a.supplement[i], 1)];  // supplement_cost_cents
    // The month is paid: it counts as spent in the participation (and towards the subsidy's maximum).
    ++a.months_in[i];
    if (x.is_employment) ++a.subsidy_months[i];
    // A participant in a programme that is not work counts as unemployed (the seeking: count_months_kernel).
    if (!w.job_like(ins) && a.unemployed_months[i] < 32000) ++a.unemployed_months[i];
  }
  // The profile last, so that teams see the month's attributes (count_months ran before).
  if (status != Status::kGone) {
    if (regroup) {
      w.set_profile_bits(i);
      w.refresh_profile(i);
    }
    if (w.teams_change_monthly) w.refresh_profile(i);
  }
}

// Books agents [begin, end) for the month (`calendar_month`: 1..12).
void account_block(World& w, size_t begin, size_t end, int calendar_month, Counts& c) {
  const BookColumns col(w);
  const int lzb_min = w.s.population.lzb_min_months;
  int64_t* const elb_stock = c.by_mask[stats::kElbStock].data();
  int64_t* const team_low = c.by_team_byte[0].data();
  int64_t* const team_high = c.by_team_byte[1].data();
  int64_t* const waiting_by_cell = c.waiting_by_cell.data();
  const auto stride = static_cast<uint16_t>(w.stage_stride);
  const bool high_teams = w.teams.size() > 8;  // otherwise the high byte of every team mask is 0
#ifdef JCSIM_HAVE_AVX2_PATH
  const bool avx2 = w.config.vector_paths && cpu_has_avx2();
#endif
  BlockState block;
  for (size_t b = begin; b < end; b += kBlock) {
    const size_t n = std::min(kBlock, end - b);
#ifdef JCSIM_HAVE_AVX2_PATH
    if (avx2)
      book_history_avx2(col, b, n, lzb_min, calendar_month, w.teams_change_monthly, block);
    else
#endif
      book_history_portable(col, b, n, lzb_min, calendar_month, w.teams_change_monthly, block);
    for (uint64_t flows = pack_bits(block.flows, n); flows != 0; flows &= flows - 1) {
      const auto k = static_cast<size_t>(std::countr_zero(flows));
      book_flows(w, b + k, block.flow_mask[k], c);
    }
#ifdef JCSIM_HAVE_AVX2_PATH
    if (avx2)
      count_months_avx2(col, b, n, stride, block);
    else
#endif
      count_months_portable(col, b, n, stride, block);
    for (uint64_t rare = pack_bits(block.rare, n); rare != 0; rare &= rare - 1) {
      const auto k = static_cast<size_t>(std::countr_zero(rare));
      book_rare(w, b + k, block.mask[k], block.regroup[k] != 0, c);
    }
    // Counted without a branch: those not in benefits (the gone among them) add 0. Teams are those after a
    // birthday; a person may be counted by several.
    for (size_t k = 0; k < n; ++k) {
      const size_t i = b + k;
      const int64_t in = col.in_benefits[i];
      JCSIM_ASSERT(in == 0 || col.status[i] != static_cast<uint8_t>(Status::kGone), "a gone agent in benefits");
      elb_stock[block.mask[k]] += in;
      ++waiting_by_cell[block.wait_cell[k]];
      team_low[col.teams[i] & 0xFFu] += in;
    }
    if (high_teams)
      for (size_t k = 0; k < n; ++k) team_high[col.teams[b + k] >> 8] += col.in_benefits[b + k];
  }
}

}  // namespace

void accounting_phase(World& w) {
  const size_t n = w.agents.size();
  Counts total(w);
  const int calendar_month = w.calendar_month();
  if (w.config.parallel_agents && n > static_cast<size_t>(w.config.grain)) {
    tbb::combinable<Counts> counts([&w] { return Counts(w); });
    w.in_parallel_blocks = true;
    parallel_blocks(0, n, static_cast<size_t>(w.config.grain), [&](size_t begin, size_t end) {
      account_block(w, begin, end, calendar_month, counts.local());
    });
    w.in_parallel_blocks = false;
    counts.combine_each([&total](const Counts& c) { total.merge(c); });
  } else {
    account_block(w, 0, n, calendar_month, total);
  }
  for (size_t cell = 0; cell < total.waiting_by_cell.size(); ++cell)
    total.ins_waiting[static_cast<size_t>(w.stage_instrument[cell])] += total.waiting_by_cell[cell];
  // The participation months, paid per instrument and cost.
  for (size_t ins = 0; ins < w.s.instruments.size(); ++ins) {
    const auto& cost = w.cost_cents[ins];
    const size_t cell = w.cost_cell_of[ins];
    const int k = static_cast<int>(ins);
    if (total.months_paid[cell] > 0) pay(w, k, cost.first, total, total.months_paid[cell]);
    for (size_t y = 0; y < cost.by_year.size(); ++y)
      if (total.months_paid[cell + 1 + y] > 0) pay(w, k, cost.by_year[y], total, total.months_paid[cell + 1 + y]);
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
