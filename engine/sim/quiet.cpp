// The quiet-agent test (quiet.h). An agent is busy unless it is certain to be a no-op in agent_month and
// note_for_assignment: gone; arrived this month; working outside benefits; a seeking ELB in benefits with no
// exit, no job, no review of its plan, no expired wait and no new place in the queue; a participant with no exit,
// no job, no dropout (or, in subsidised employment, no job and no dismissal) and months left in its
// participation; a working ELB with no exit whose top-up benefit goes on. Every condition is evaluated for every
// agent and combined without branches: the outcomes are random, and a mispredicted branch costs more than the
// test.
//
// Why single precision is enough. The full steps decide an exit or a job by U <= h (MonthDraws), with h a
// product of factors in double precision. Here u = hi · 2^-16, exact in a float and below U. h is recomputed as a
// product of at most five float factors, each zero or in [2^-24, 2^24] (else hazards_in_range is false and every
// draw counts as busy), so every partial product is a normal float or zero; its relative error is below 10 · 2^-24
// (one rounding per factor and per product), against the double product's 2^-50. With the margin 1 + 2^-16, hf ·
// margin is at least h, so u > hf · margin implies U > h: no exit, no job. The exit hazard is the agent's float
// times the rate factor: if that product is subnormal, h < 2^-96 lies below every U anyway. The thresholds of a
// participation's progress and of a working ELB's benefit ending are the doubles the full steps compare with,
// rounded up to a float: u above them is above the doubles. A review offers a Förderkette only where U_3 / r
// (plan_steps) lies at or below the participation share of a chain the person could be offered: u_3 at or above
// r × the largest such share (Agents::review_reach, rounded up to 255ths) × the margin offers none, whatever the
// rounding of the quotient.
#include "engine/sim/quiet.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/sim/random_batch.h"
#include "engine/util/cpu.h"

namespace jcsim::sim {

namespace {

constexpr float kMargin = 1.0f + 1.0f / 65536;  // exactly representable
constexpr float kHalfScale = 1.0f / 65536;      // 2^-16
constexpr double kMin = 1.0 / (1 << 24), kMax = 1 << 24;

float round_up(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, INFINITY);
  return f;
}

float half_u(uint16_t hi) {
  return static_cast<float>(hi) * kHalfScale;
}

// The columns the test reads, from the chunk's first agent on.
struct QuietColumns {
  const uint8_t* status;
  const uint8_t* in_benefits;
  const int16_t* entered_at;
  const uint8_t* segment;
  const float* exit_hazard;
  const uint8_t* language;
  const uint8_t* bm24;
  const int8_t* team_of;
  const uint8_t* distance;
  const int16_t* post_instrument;
  const uint8_t* post_months;
  const int8_t* chain;
  const int8_t* stage;
  const int16_t* instrument;
  const int16_t* waiting_since;
  const int16_t* queued_since;
  const uint8_t* months_in;
  const uint8_t* duration;
  const uint8_t* review_reach;
  QuietColumns(const World& w, size_t c)
      : status(w.agents.status.data() + c),
        in_benefits(w.agents.in_benefits.data() + c),
        entered_at(w.agents.entered_at.data() + c),
        segment(w.agents.segment.data() + c),
        exit_hazard(w.agents.exit_hazard.data() + c),
        language(w.agents.language.data() + c),
        bm24(w.agents.bm24.data() + c),
        team_of(w.team_of.data() + c),
        distance(w.agents.distance.data() + c),
        post_instrument(w.agents.post_instrument.data() + c),
        post_months(w.agents.post_months.data() + c),
        chain(w.agents.chain.data() + c),
        stage(w.agents.stage.data() + c),
        instrument(w.agents.instrument.data() + c),
        waiting_since(w.agents.waiting_since.data() + c),
        queued_since(w.agents.queued_since.data() + c),
        months_in(w.agents.months_in.data() + c),
        duration(w.agents.duration.data() + c),
        review_reach(w.agents.review_reach.data() + c) {}
};

// Agents k in [k0, m) of the chunk at c, one at a time; appends to the lists from their current lengths.
void portable(const World& w, const QuietTest& q, size_t c, size_t k0, size_t m, BusyAgents& out) {
  const QuietColumns col(w, c);
  const bool force = !q.hazards_in_range;
  const int t = q.t;
  size_t n_full = out.n_full, n_plan = out.n_plan;
  for (size_t k = k0; k < m; ++k) {
    const auto u = [&w, &q, i = c + k](int d) { return half_u(w.agents.draw_half(i, d, q.t)); };
    const unsigned st = col.status[k];
    const bool in = col.in_benefits[k] != 0;
    const bool idle = (st == static_cast<uint8_t>(Status::kGone)) | (col.entered_at[k] == t) |
                      ((st == static_cast<uint8_t>(Status::kEmployed)) & !in);
    const bool seeker = (st == static_cast<uint8_t>(Status::kSeeking)) & in;
    const bool participant = st == static_cast<uint8_t>(Status::kMeasure);
    const bool worker = (st == static_cast<uint8_t>(Status::kEmployed)) & in;
    const bool other = !(seeker | participant | worker);
    const size_t g = col.segment[k];
    const float rate = q.exit_rate[g];
    const float exit_h = col.exit_hazard[k] * rate;
    const bool exits = in & (force | (rate < 0) | (u(0) <= exit_h * kMargin));
    float h = q.job[QuietTest::job_index(g, col.distance[k], col.language[k])];
    h *= q.duration[col.bm24[k]];
    h *= q.contact[static_cast<size_t>(col.team_of[k] + 1)];
    h *= q.post[static_cast<size_t>(col.post_instrument[k] + 1) << Prepared::kPostRowShift | col.post_months[k]];
    const int ins = participant ? col.instrument[k] : kNone;  // the lock-in applies to participants only
    h *= q.lock[static_cast<size_t>(ins + 1)];
    const bool job = (seeker | participant) & in & (force | (u(1) <= h * kMargin));
    const bool progress =
        participant & ((u(2) <= q.progress[q.progress_index(ins, g)]) | (col.months_in[k] >= col.duration[k]));
    const bool benefit_ends = worker & (u(3) <= q.working_exit);
    const bool review = seeker & (col.chain[k] == kNone) & (col.instrument[k] == kNone) &
                        (u(3) < static_cast<float>(col.review_reach[k]) * q.review_unit);
    const bool waits = seeker & (col.waiting_since[k] != kNotWaiting);
    const bool queues = waits & (col.queued_since[k] != col.waiting_since[k]);
    const int32_t limit = q.wait_max[(col.chain[k] + 1) * q.stage_stride + (col.stage[k] + 1)];
    const bool expires = waits & (limit > 0) & (t - col.waiting_since[k] >= limit);
    const bool active = !idle;
    const bool full = active & (other | exits | job | progress | benefit_ends);
    const bool later = !full;
    const bool plan = active & later & (review | queues | expires);
    out.full[n_full] = static_cast<uint16_t>(k);
    n_full += static_cast<size_t>(full);
    out.plan[n_plan] = static_cast<uint16_t>(k);
    n_plan += static_cast<size_t>(plan);
  }
  out.n_full = n_full;
  out.n_plan = n_plan;
}

#ifdef JCSIM_HAVE_AVX2_PATH

// For each 8-bit mask, the positions of its set bits in increasing order (the rest zero).
struct alignas(16) Positions {
  uint16_t at[8];
};
constexpr std::array<Positions, 256> kPositions = [] {
  std::array<Positions, 256> p{};
  for (unsigned mask = 0; mask < 256; ++mask) {
    unsigned n = 0;
    for (unsigned b = 0; b < 8; ++b)
      if (mask >> b & 1u) p[mask].at[n++] = static_cast<uint16_t>(b);
  }
  return p;
}();

JCSIM_TARGET_AVX2 inline __m256i load_u8(const uint8_t* p) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
JCSIM_TARGET_AVX2 inline __m256i load_i8(const int8_t* p) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
JCSIM_TARGET_AVX2 inline __m256i load_i16(const int16_t* p) {
  return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
JCSIM_TARGET_AVX2 inline __m256i cast(__m256 x) {
  return _mm256_castps_si256(x);
}
// hi · 2^-16 of draw d of agents i .. i + 7 (the half of their pair words that belongs to the month).
JCSIM_TARGET_AVX2 inline __m256 half_u8(const World& w, int d, size_t i, __m128i shift) {
  const __m256i words =
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w.agents.pair_words[static_cast<size_t>(d)].data() + i));
  const __m256i hi = _mm256_and_si256(_mm256_srl_epi32(words, shift), _mm256_set1_epi32(0xFFFF));
  return _mm256_mul_ps(_mm256_cvtepi32_ps(hi), _mm256_set1_ps(kHalfScale));
}
// A float table looked up by eight indices: by a permutation within one register where it has at most eight
// entries (segments, teams), by a gather otherwise. The same floats either way.
struct SmallTable {
  const float* data;
  bool in_register;
  __m256 reg;
  JCSIM_TARGET_AVX2 explicit SmallTable(const std::vector<float>& t) : data(t.data()), in_register(t.size() <= 8) {
    alignas(32) float padded[8] = {};
    std::copy(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(t.size(), 8)), padded);
    reg = _mm256_load_ps(padded);
  }
  JCSIM_TARGET_AVX2 __m256 lookup(__m256i at) const {
    return in_register ? _mm256_permutevar8x32_ps(reg, at) : _mm256_i32gather_ps(data, at, 4);
  }
};

// Stores the positions k + b of the set bits b of `mask` at list[n] and returns the new length.
JCSIM_TARGET_AVX2 inline size_t append(uint16_t* list, size_t n, unsigned mask, size_t k) {
  const __m128i at = _mm_add_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(kPositions[mask].at)),
                                   _mm_set1_epi16(static_cast<int16_t>(k)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(list + n), at);
  return n + static_cast<size_t>(std::popcount(mask));
}

// Agents [0, m8) of the chunk, m8 a multiple of 8: the same conditions as portable(), eight lanes at a time.
JCSIM_TARGET_AVX2 void avx2(const World& w, const QuietTest& q, size_t c, size_t m8, BusyAgents& out) {
  const QuietColumns col(w, c);
  const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1), ones = _mm256_set1_epi32(-1);
  const __m256i gone = _mm256_set1_epi32(static_cast<int>(Status::kGone));
  const __m256i employed = _mm256_set1_epi32(static_cast<int>(Status::kEmployed));
  const __m256i seeking = _mm256_set1_epi32(static_cast<int>(Status::kSeeking));
  const __m256i measure = _mm256_set1_epi32(static_cast<int>(Status::kMeasure));
  const __m256i none = _mm256_set1_epi32(kNone), not_waiting = _mm256_set1_epi32(kNotWaiting);
  const __m256i t = _mm256_set1_epi32(q.t), stride = _mm256_set1_epi32(q.stage_stride);
  const __m256i segments = _mm256_set1_epi32(static_cast<int>(q.segments));
  const __m256i force = q.hazards_in_range ? zero : ones;
  const __m256 margin = _mm256_set1_ps(kMargin), review_unit = _mm256_set1_ps(q.review_unit);
  const __m256 fzero = _mm256_setzero_ps();
  const __m256 working_exit = _mm256_set1_ps(q.working_exit);
  const __m128i shift = _mm_cvtsi32_si128(16 * (q.t & 1));
  const SmallTable rates(q.exit_rate), contacts(q.contact);
  size_t n_full = 0, n_plan = 0;
  for (size_t k = 0; k < m8; k += 8) {
    const __m256 u0 = half_u8(w, 0, c + k, shift), u1 = half_u8(w, 1, c + k, shift);
    const __m256 u2 = half_u8(w, 2, c + k, shift), u3 = half_u8(w, 3, c + k, shift);

    const __m256i st = load_u8(col.status + k);
    const __m256i in = _mm256_xor_si256(_mm256_cmpeq_epi32(load_u8(col.in_benefits + k), zero), ones);
    const __m256i is_employed = _mm256_cmpeq_epi32(st, employed);
    const __m256i idle = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi32(st, gone), _mm256_cmpeq_epi32(load_i16(col.entered_at + k), t)),
        _mm256_andnot_si256(in, is_employed));
    const __m256i seeker = _mm256_and_si256(_mm256_cmpeq_epi32(st, seeking), in);
    const __m256i participant = _mm256_cmpeq_epi32(st, measure);
    const __m256i worker = _mm256_and_si256(is_employed, in);
    const __m256i other = _mm256_xor_si256(_mm256_or_si256(_mm256_or_si256(seeker, participant), worker), ones);

    const __m256i g = load_u8(col.segment + k);
    const __m256 rate = rates.lookup(g);
    const __m256 exit_h = _mm256_mul_ps(_mm256_loadu_ps(col.exit_hazard + k), rate);
    const __m256i exits = _mm256_and_si256(
        in, _mm256_or_si256(force, cast(_mm256_or_ps(_mm256_cmp_ps(rate, fzero, _CMP_LT_OQ),
                                                     _mm256_cmp_ps(u0, _mm256_mul_ps(exit_h, margin), _CMP_LE_OQ)))));

    const __m256i job_at = _mm256_add_epi32(
        _mm256_add_epi32(_mm256_slli_epi32(g, QuietTest::kJobSegmentShift),
                         _mm256_slli_epi32(load_u8(col.distance + k), QuietTest::kJobDistanceShift)),
        load_u8(col.language + k));
    __m256 h = _mm256_i32gather_ps(q.job.data(), job_at, 4);
    h = _mm256_mul_ps(h, _mm256_i32gather_ps(q.duration.data(), load_u8(col.bm24 + k), 4));
    h = _mm256_mul_ps(h,
                      contacts.lookup(_mm256_add_epi32(load_i8(col.team_of + k), one)));
    const __m256i post_at = _mm256_add_epi32(
        _mm256_slli_epi32(_mm256_add_epi32(load_i16(col.post_instrument + k), one), Prepared::kPostRowShift),
        load_u8(col.post_months + k));
    h = _mm256_mul_ps(h, _mm256_i32gather_ps(q.post, post_at, 4));
    // The instrument + 1 of participants, 0 for the others (no lock-in, no progress).
    const __m256i ins = load_i16(col.instrument + k);
    const __m256i ins1 = _mm256_and_si256(_mm256_add_epi32(ins, one), participant);
    h = _mm256_mul_ps(h, _mm256_i32gather_ps(q.lock.data(), ins1, 4));
    const __m256i job = _mm256_and_si256(
        _mm256_and_si256(_mm256_or_si256(seeker, participant), in),
        _mm256_or_si256(force, cast(_mm256_cmp_ps(u1, _mm256_mul_ps(h, margin), _CMP_LE_OQ))));

    const __m256 progress_h = _mm256_i32gather_ps(q.progress.data(), _mm256_add_epi32(_mm256_mullo_epi32(ins1, segments), g), 4);
    // months_in >= duration, i.e. not duration > months_in.
    const __m256i ends = _mm256_xor_si256(_mm256_cmpgt_epi32(load_u8(col.duration + k), load_u8(col.months_in + k)), ones);
    const __m256i progress =
        _mm256_and_si256(participant, _mm256_or_si256(cast(_mm256_cmp_ps(u2, progress_h, _CMP_LE_OQ)), ends));
    const __m256i benefit_ends = _mm256_and_si256(worker, cast(_mm256_cmp_ps(u3, working_exit, _CMP_LE_OQ)));

    const __m256i ch = load_i8(col.chain + k);
    const __m256i review_due = _mm256_and_si256(
        _mm256_and_si256(seeker, _mm256_and_si256(_mm256_cmpeq_epi32(ch, none), _mm256_cmpeq_epi32(ins, none))),
        cast(_mm256_cmp_ps(u3, _mm256_mul_ps(_mm256_cvtepi32_ps(load_u8(col.review_reach + k)), review_unit),
                           _CMP_LT_OQ)));

    const __m256i ws = load_i16(col.waiting_since + k);
    const __m256i waits = _mm256_andnot_si256(_mm256_cmpeq_epi32(ws, not_waiting), seeker);
    const __m256i queues = _mm256_andnot_si256(_mm256_cmpeq_epi32(load_i16(col.queued_since + k), ws), waits);
    const __m256i cell = _mm256_add_epi32(_mm256_mullo_epi32(_mm256_add_epi32(ch, one), stride),
                                          _mm256_add_epi32(load_i8(col.stage + k), one));
    const __m256i limit = _mm256_i32gather_epi32(q.wait_max, cell, 4);
    // t - waiting_since >= limit, i.e. not limit > t - waiting_since.
    const __m256i expires = _mm256_and_si256(
        _mm256_and_si256(waits, _mm256_cmpgt_epi32(limit, zero)),
        _mm256_xor_si256(_mm256_cmpgt_epi32(limit, _mm256_sub_epi32(t, ws)), ones));

    const __m256i full = _mm256_andnot_si256(
        idle, _mm256_or_si256(_mm256_or_si256(_mm256_or_si256(other, exits), _mm256_or_si256(job, progress)),
                              benefit_ends));
    const __m256i plan = _mm256_andnot_si256(
        _mm256_or_si256(idle, full), _mm256_or_si256(_mm256_or_si256(review_due, queues), expires));
    n_full = append(out.full.data(), n_full, static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(full))), k);
    n_plan = append(out.plan.data(), n_plan, static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(plan))), k);
  }
  out.n_full = n_full;
  out.n_plan = n_plan;
}

#endif

}  // namespace

bool quiet_float_in_range(double factor) {
  return factor == 0 || (std::isfinite(factor) && factor >= kMin && factor <= kMax);
}

QuietTest::QuietTest(const World& w)
    : t(w.t),
      post(w.prepared.post_factor_flat.data()),
      wait_max(w.stage_wait_max.data()),
      stage_stride(static_cast<int32_t>(w.stage_stride)),
      segments(w.s.population.segments.size()),
      hazards_in_range(w.prepared.post_factor_flat_in_range) {
  const auto& segs = w.s.population.segments;
  const auto& jf = w.s.job_finding;
  job.assign(segs.size() << kJobSegmentShift, 0.0f);
  for (size_t g = 0; g < segs.size(); ++g) {
    const double rate = w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kExit)];
    hazards_in_range &= quiet_float_in_range(rate);
    exit_rate.push_back(w.exits_change_monthly[g] ? -1.0f : static_cast<float>(rate));
    const double base =
        segs[g].job_finding_hazard * w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kJobFinding)];
    for (size_t d = 0; d < static_cast<size_t>(model::kDistances); ++d)
      for (size_t l = 0; l < static_cast<size_t>(model::kLanguages); ++l) {
        const double f = base *
                         (d == static_cast<size_t>(model::Distance::kMarktfern) ? jf.marktfern_factor : 1.0) *
                         jf.language_factor[l];
        hazards_in_range &= quiet_float_in_range(f);
        job[job_index(g, d, l)] = static_cast<float>(f);
      }
  }
  for (size_t m = 0; m < duration.size(); ++m) {
    hazards_in_range &= quiet_float_in_range(w.duration_factor[m]);
    duration[m] = static_cast<float>(w.duration_factor[m]);
  }
  contact.push_back(1.0f);
  for (const double f : w.contact_factor) {
    hazards_in_range &= quiet_float_in_range(f);
    contact.push_back(static_cast<float>(f));
  }
  const double r = w.s.population.reprofile_hazard;
  // The float product reach × unit may lose 2^-24 of its value: the extra 2^-20 covers it.
  review_unit = r > 0 ? round_up(r * kMargin * (1 + 0x1p-20) / 255) : 0.0f;
  // Participations: row 0 is no instrument (no lock-in, no progress: u >= 0 lies above -1).
  lock.assign(w.s.instruments.size() + 1, 1.0f);
  progress.assign((w.s.instruments.size() + 1) * segments, -1.0f);
  for (size_t k = 0; k < w.s.instruments.size(); ++k) {
    const auto& x = w.s.instruments[k];
    const double lock_in = w.job_like(static_cast<int>(k)) ? 0.0 : x.lock_in;
    hazards_in_range &= quiet_float_in_range(lock_in);
    lock[k + 1] = static_cast<float>(lock_in);
    for (size_t g = 0; g < segments; ++g) {
      // The doubles progress_step compares word 2 with (for subsidised employment the larger of its two).
      const double threshold =
          x.is_employment
              ? x.employment.job_hazard + x.employment.dismissal_hazard
              : x.dropout_hazard * w.rate_factor[g][static_cast<size_t>(model::Event::Rate::kDropout)];
      progress[progress_index(static_cast<int>(k), g)] = round_up(threshold);
    }
  }
  working_exit = round_up(jf.working_elb_exit_hazard);
}

void make_pair_words(World& w, size_t c, size_t m) {
  auto& words = w.agents.pair_words;
  uint32_t* const columns[4] = {words[0].data() + c, words[1].data() + c, words[2].data() + c,
                                words[3].data() + c};
  words_batch_columns(w.rng, w.agents.id.data() + c, m, w.t / 2, Purpose::kMonthly, 0, columns);
}

void busy_agents_portable(const World& w, const QuietTest& q, size_t c, size_t m, BusyAgents& out) {
  out.n_full = out.n_plan = 0;
  portable(w, q, c, 0, m, out);
}

bool busy_agents_vectorised() {
  return cpu_has_avx2();
}

void busy_agents(const World& w, const QuietTest& q, size_t c, size_t m, BusyAgents& out) {
  out.n_full = out.n_plan = 0;
#ifdef JCSIM_HAVE_AVX2_PATH
  if (cpu_has_avx2()) {
    const size_t m8 = m & ~size_t{7};
    avx2(w, q, c, m8, out);
    portable(w, q, c, m8, m, out);
    return;
  }
#endif
  portable(w, q, c, 0, m, out);
}

}  // namespace jcsim::sim
