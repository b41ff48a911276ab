// Randomness as a pure function: every draw is keyed by (seed, replication, agent, month, purpose) through the
// counter-based generator Philox4x32-10 (Random123). Nothing here has state that depends on the order of calls,
// so results are the same for any thread count, and two scenarios run with one seed share their draws agent by
// agent (common random numbers).
//
// Key   = (low 32 bits of seed, high 32 bits of seed XOR replication)
// Count = (agent id low, agent id high, month << 16 | purpose, block)
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include <Random123/philox.h>
#include <Random123/uniform.hpp>

namespace jcsim::sim {

// What a draw is for. Each purpose gives four independent 32-bit words per (agent, month, block).
enum class Purpose : uint16_t {
  kAttributes = 1,  // attributes of a new agent (month field: creation is not part of the key)
  kMonthly,         // a pair of months (month field t / 2): per month four 16-bit halves, the top bits of the
                    // month's draws (MonthDraws): 0 exit, 1 job finding, 2 instrument progress (dropout, subsidy),
                    // 3 working-ELB exit or, for a seeker without a Förderkette, the review that may offer one
  kIntegration,     // word 0 kind, 1 ends benefit, 2 sustained, 3 month of return
  kChain,           // word 0 chain participation, 1 rule target, 2 completion success, 3 duration
  kPriority,  // retired (the queue priority is kNewcomer's word 0); kept so that the others keep their numbers
  kSubsidy,   // word 0 extension, 1 destination at the end
  kCount,     // Poisson / binomial counts (inflow, staff turnover, initial cohorts)
  kInitial,   // block 0: an initial cohort's segment, time elapsed, duration
  kRefine,    // the low bits of the month's four draws (MonthDraws), drawn for the busy only
  kNewcomer,  // a new agent (month field: creation is not part of the key): word 0 queue priority, 1 the
              // Förderkette's participation draw, 2 the initial stock's time waited
};

// Agent ids are stable across scenarios and runs: they name who an agent is, not where it is stored.
// Layout: origin (8 bits) | month (12 bits) | group (12 bits) | index (32 bits).
enum class Origin : uint64_t { kInitialStock = 0, kInflow = 1, kInitialParticipant = 2, kTeam = 3, kSegment = 4,
                               kInstrument = 5 };
constexpr uint64_t make_id(Origin origin, uint32_t month, uint32_t group, uint32_t index) {
  return (static_cast<uint64_t>(origin) << 56) | (static_cast<uint64_t>(month & 0xFFFu) << 44) |
         (static_cast<uint64_t>(group & 0xFFFu) << 32) | index;
}

struct Stream {
  uint64_t seed = 0;
  uint32_t replication = 0;

  using Words = std::array<uint32_t, 4>;

  // The key words, and counter word 2; the batched generator (random_batch.h) builds its counters from these.
  uint32_t key0() const { return static_cast<uint32_t>(seed); }
  uint32_t key1() const { return static_cast<uint32_t>(seed >> 32) ^ replication; }
  static uint32_t month_purpose(int month, Purpose purpose) {
    return (static_cast<uint32_t>(month + 1) << 16) | static_cast<uint32_t>(purpose);
  }

  Words words(uint64_t agent, int month, Purpose purpose, uint32_t block = 0) const {
    using G = r123::Philox4x32;
    const G::key_type key = {{key0(), key1()}};
    const G::ctr_type ctr = {
        {static_cast<uint32_t>(agent), static_cast<uint32_t>(agent >> 32), month_purpose(month, purpose), block}};
    const G::ctr_type out = G()(ctr, key);
    return {out[0], out[1], out[2], out[3]};
  }
};

// A uniform in (0, 1]: never 0, so `u < p` is false for p = 0 and true for p = 1.
inline double u01(uint32_t word) { return r123::u01<double>(word); }

// floor(u01(word) · span), the index of a uniform draw among `span` values, in integers: u01(word) is
// (2 word + 1) · 2^-33 exactly, and for span <= 2^20 its product with span is exact in a double too, so this is
// the value `static_cast<int>(u01(word) * span)` gives (always below span), without the conversions.
inline int uniform_index(uint32_t word, int span) {
  return static_cast<int>(((2 * uint64_t{word} + 1) * static_cast<uint64_t>(span)) >> 33);
}

// An agent's four draws of month t: uniforms U_k = (hi_k + u01(low_k)) · 2^-16, k = 0..3, on a grid of 2^-48.
// hi_k, the top 16 bits, are the k-th halves of the agent's Purpose::kMonthly words of its month pair (t / 2;
// the low halves in even months, the high ones in odd months): one Philox block serves two months. The low bits
// come from Purpose::kRefine of month t, drawn only for the agents the quiet test finds busy: an agent whose
// hi_k lies at or above 2^16 × hazard k cannot have event k, whatever the low bits are (quiet.h).
struct MonthDraws {
  std::array<uint16_t, 4> hi{};
  Stream::Words low{};
  // U_k, exactly: hi has 16 bits, u01 33, their sum is exact in a double, and so is the scaling.
  double uniform(int k) const {
    return (static_cast<double>(hi[static_cast<size_t>(k)]) + u01(low[static_cast<size_t>(k)])) * 0x1p-16;
  }
  // Whether draw k says the event of hazard h happens: U_k <= h (probability h, capped at 1).
  bool below(int k, double h) const { return uniform(k) <= h; }
};

// A Boost.Random-compatible engine over one key: successive calls walk the blocks of (agent, month, purpose).
// For distributions that need an unknown number of words (Poisson, binomial).
class KeyedEngine {
 public:
  using result_type = uint32_t;
  KeyedEngine(const Stream& s, uint64_t agent, int month, Purpose purpose)
      : stream_(s), agent_(agent), month_(month), purpose_(purpose) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    if (used_ == 4) {
      words_ = stream_.words(agent_, month_, purpose_, block_++);
      used_ = 0;
    }
    return words_[used_++];
  }

 private:
  const Stream& stream_;
  uint64_t agent_;
  int month_;
  Purpose purpose_;
  uint32_t block_ = 0;
  Stream::Words words_{};
  int used_ = 4;
};

// Picks an index from shares that sum to 1 (the last index absorbs rounding).
template <typename Shares>
int pick(const Shares& shares, double u) {
  double acc = 0;
  const int n = static_cast<int>(shares.size());
  for (int i = 0; i < n; ++i) {
    acc += shares[static_cast<size_t>(i)];
    if (u <= acc && shares[static_cast<size_t>(i)] > 0) return i;
  }
  for (int i = n - 1; i > 0; --i)
    if (shares[static_cast<size_t>(i)] > 0) return i;
  return 0;
}

// The least 32-bit word w with c < u01(w), or 2^32 if there is none. u01 is strictly increasing, so
// `c < u01(w)` holds exactly when `w >= word_above(c)`: a draw compares its word with an integer instead of
// converting it to a double.
inline uint64_t word_above(double c) {
  uint64_t lo = 0, hi = uint64_t{1} << 32;  // the answer lies in [lo, hi]
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (c < u01(static_cast<uint32_t>(mid)))
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

// The number of sorted thresholds (words at which running sums are passed) at or below a word: a table by the
// word's top byte gives the count at or below the start of its bucket, and only thresholds inside the bucket are
// compared (most buckets hold none, so the loop mostly ends at its first test).
template <typename Thresholds>
struct ThresholdGuide {
  std::array<uint16_t, 256> below{};
  void prepare(const Thresholds& from, size_t n) {
    for (size_t b = 0; b < below.size(); ++b) {
      size_t c = 0;
      while (c < n && from[c] <= (uint64_t{b} << 24)) ++c;
      below[b] = static_cast<uint16_t>(c);
    }
  }
  size_t count(const Thresholds& from, size_t n, uint32_t word) const {
    size_t c = below[word >> 24];
    while (c < n && word >= from[c]) ++c;
    return c;
  }
};

// pick() over fixed shares, prepared once: the running sums in pick()'s order of additions, so a word gives the
// index pick() gives for u01(word). The index is the number of sums below u01(word) (the first sum at or above
// it belongs to a positive share), counted as the words at which the sums are passed, instead of a loop that
// stops early on a hard-to-predict branch.
template <size_t N>
struct Cdf {
  std::array<double, N> cum{};
  std::array<uint64_t, N> from{};  // word_above(cum[i]), increasing
  int fallback = 0;  // pick()'s answer when u lies above every sum (rounding): the last positive share
  ThresholdGuide<std::array<uint64_t, N>> guide;

  Cdf() = default;
  explicit Cdf(const std::array<double, N>& shares) {
    double acc = 0;
    for (size_t i = 0; i < N; ++i) {
      cum[i] = acc += shares[i];
      from[i] = word_above(cum[i]);
    }
    for (int i = static_cast<int>(N) - 1; i > 0 && fallback == 0; --i)
      if (shares[static_cast<size_t>(i)] > 0) fallback = i;
    guide.prepare(from, N);
  }
  // pick(shares, u01(word)), without floating point.
  int pick_word(uint32_t word) const {
    const size_t below = guide.count(from, N, word);
    return below < N ? static_cast<int>(below) : fallback;
  }
};

}  // namespace jcsim::sim
