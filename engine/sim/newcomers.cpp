// New people (the initial stock, the running cohorts, the inflow): their keyed words, attributes and benefit
// history. World::draw_person makes one; World::draw_people makes a chunk of one segment, eight at a time with
// AVX2 where the processor has it, the same values (the tests compare them column by column).
#include <algorithm>
#include <array>
#include <bit>

#include "engine/sim/random_batch.h"
#include "engine/sim/world.h"
#include "engine/util/assert.h"
#include "engine/util/cpu.h"

namespace jcsim::sim {

namespace {

// The ages of each age group (the AgeGroup definition): from kAgeLow, kAgeSpan years.
constexpr std::array<int, model::kAgeGroups> kAgeLow = {15, 25, 55, 58}, kAgeSpan = {10, 30, 3, 9};

// Age in years within an age group (uniform).
int draw_age(model::AgeGroup g, uint32_t w) {
  const auto k = static_cast<size_t>(g);
  return kAgeLow[k] + uniform_index(w, kAgeSpan[k]);
}

// Sets the benefit history so that the last `m24` months of 24 and `extra` months of 25..84 are in benefits,
// each as one recent spell (the person's current spell, then an earlier one).
void set_history(Agents& a, size_t i, int m24, int extra) {
  // `n` ones from bit 0 (n may be 0 or the full width).
  const auto ones64 = [](int n) { return n <= 0 ? uint64_t{0} : n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; };
  const auto ones32 = [](int n) { return n <= 0 ? uint32_t{0} : n >= 32 ? ~uint32_t{0} : (uint32_t{1} << n) - 1; };
  // Months 1..24 back are bits 0..23, the earlier spell starts at bit 24; bits beyond 63 go to `old`.
  const uint64_t h = ones64(m24) | (ones64(std::min(extra, 40)) << 24);
  a.history[i] = static_cast<uint32_t>(h);
  a.history_mid[i] = static_cast<uint32_t>(h >> 32);
  a.history_old[i] = ones32(extra - 40);
  a.bm24[i] = static_cast<uint8_t>(m24);
  a.bm84[i] = static_cast<uint8_t>(m24 + extra);
}

}  // namespace

void World::newcomer_words(size_t first, size_t n, NewcomerWords& out) const {
  JCSIM_ASSERT(n <= NewcomerWords::kChunk && first + n <= agents.size(), "newcomer chunk out of range");
  const uint64_t* ids = agents.id.data() + first;
  for (uint32_t b = 0; b < 4; ++b) {
    uint32_t* const columns[4] = {out.attribute[4 * b].data(), out.attribute[4 * b + 1].data(),
                                  out.attribute[4 * b + 2].data(), out.attribute[4 * b + 3].data()};
    words_batch_columns(rng, ids, n, -1, Purpose::kAttributes, b, columns);
  }
  words_batch(rng, ids, n, -1, Purpose::kNewcomer, 0, out.newcomer.data());
}

void World::draw_person(size_t i, int g, const NewcomerWords& words, size_t k) {
  auto& a = agents;
  const auto& attr = prepared.person_cdf[static_cast<size_t>(g)];
  const auto word = [&words, k](size_t b, size_t j) { return words.attribute[4 * b + j][k]; };
  const std::array<uint32_t, 4> w0 = {word(0, 0), word(0, 1), word(0, 2), word(0, 3)};
  const std::array<uint32_t, 4> w1 = {word(1, 0), word(1, 1), word(1, 2), word(1, 3)};
  const std::array<uint32_t, 4> w2 = {word(2, 0), word(2, 1), word(2, 2), word(2, 3)};
  const std::array<uint32_t, 4> w3 = {word(3, 0), word(3, 1), word(3, 2), word(3, 3)};
  a.segment[i] = static_cast<uint8_t>(g);
  const auto group = static_cast<model::AgeGroup>(attr.age.pick_word(w0[0]));
  a.age_years[i] = static_cast<uint8_t>(draw_age(group, w3[2]));
  a.birth_month[i] = static_cast<uint8_t>(1 + uniform_index(w3[3], 12));
  const auto sex = static_cast<model::Sex>(attr.sex.pick_word(w0[1]));
  const auto household = static_cast<model::Household>(attr.household.pick_word(w0[2]));
  const auto migration = static_cast<model::Migration>(attr.migration.pick_word(w0[3]));
  const auto language = static_cast<model::Language>(attr.language.pick_word(w1[0]));
  const auto qualification = static_cast<model::Qualification>(attr.qualification.pick_word(w1[1]));
  const auto health = static_cast<model::Health>(attr.health.pick_word(w1[2]));
  const auto distance = static_cast<model::Distance>(attr.distance.pick_word(w1[3]));
  a.sex[i] = static_cast<uint8_t>(sex);
  a.household[i] = static_cast<uint8_t>(household);
  a.migration[i] = static_cast<uint8_t>(migration);
  a.language[i] = static_cast<uint8_t>(language);
  a.qualification[i] = static_cast<uint8_t>(qualification);
  a.health[i] = static_cast<uint8_t>(health);
  a.distance[i] = static_cast<uint8_t>(distance);
  // The drawn age lies in the drawn group, so the profile bits follow from the values drawn.
  a.profile_bits[i] =
      model::AgentView::profile_bits(group, sex, household, migration, language, qualification, health, distance);
  JCSIM_ASSERT(a.profile_bits[i] == profile_bits_now(i), "a drawn age outside its group");
  const int m24 = attr.benefit_months_24.draw(w2[0], w2[1]);
  const int extra = attr.benefit_months_84_extra.draw(w2[2], w2[3]);
  set_history(a, i, m24, extra);
  a.unemployed_months[i] = static_cast<int16_t>(attr.unemployed_months.draw(w3[0], w3[1]));
  a.priority[i] = words.newcomer[k][0];
}


namespace {

#ifdef JCSIM_HAVE_AVX2_PATH

// The number of thresholds at or below each lane's word: ThresholdGuide::count, eight words at a time (the
// thresholds increase; one of 2^32 is never passed).
template <typename Thresholds>
JCSIM_TARGET_AVX2 inline __m256i count_passed(__m256i words, const Thresholds& from, size_t n) {
  const __m256i flip = _mm256_set1_epi32(INT32_MIN);  // unsigned order as signed order
  const __m256i flipped = _mm256_xor_si256(words, flip);
  __m256i count = _mm256_setzero_si256();
  for (size_t c = 0; c < n && from[c] <= UINT32_MAX; ++c) {
    if (from[c] == 0) {  // every word passes
      count = _mm256_add_epi32(count, _mm256_set1_epi32(1));
      continue;
    }
    // word >= from[c], i.e. word > from[c] - 1
    const auto below = static_cast<int32_t>(static_cast<uint32_t>(from[c] - 1) ^ 0x80000000u);
    count = _mm256_sub_epi32(count, _mm256_cmpgt_epi32(flipped, _mm256_set1_epi32(below)));
  }
  return count;
}

// Cdf::pick_word of eight words.
template <size_t N>
JCSIM_TARGET_AVX2 inline __m256i pick8(const Cdf<N>& cdf, __m256i words) {
  const __m256i below = count_passed(words, cdf.from, N);
  const __m256i past = _mm256_cmpeq_epi32(below, _mm256_set1_epi32(static_cast<int>(N)));
  return _mm256_blendv_epi8(below, _mm256_set1_epi32(cdf.fallback), past);
}

// uniform_index of eight words over eight spans: (w · span + floor(span / 2)) >> 32 is ((2 w + 1) · span) >> 33
// (for an odd span the half dropped cannot carry past a multiple of 2^32), from the 64-bit products of the even
// and the odd lanes.
JCSIM_TARGET_AVX2 inline __m256i uniform_index8(__m256i words, __m256i span) {
  const __m256i half = _mm256_srli_epi32(span, 1);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epu32(words, span),
                                        _mm256_and_si256(half, _mm256_set1_epi64x(0xFFFFFFFF)));
  const __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(words, 32), _mm256_srli_epi64(span, 32)),
                                       _mm256_srli_epi64(half, 32));
  return _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// MonthsCdf::draw of eight pairs of words.
JCSIM_TARGET_AVX2 inline __m256i months8(const MonthsCdf& d, const int32_t* bin_from, const int32_t* bin_span,
                                         __m256i w_bin, __m256i w_within) {
  if (d.bins.empty()) return _mm256_setzero_si256();
  const __m256i last = _mm256_set1_epi32(static_cast<int>(d.bins.size()) - 1);
  const __m256i bin = _mm256_min_epi32(count_passed(w_bin, d.from, d.from.size()), last);
  return _mm256_add_epi32(_mm256_i32gather_epi32(bin_from, bin, 4),
                          uniform_index8(w_within, _mm256_i32gather_epi32(bin_span, bin, 4)));
}

// `n` ones from bit 0 in each lane, n in [0, 32] (a shift by 32 gives 0, less one all ones).
JCSIM_TARGET_AVX2 inline __m256i ones8(__m256i n) {
  return _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), n), _mm256_set1_epi32(1));
}

JCSIM_TARGET_AVX2 inline __m256i load8(const uint32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
// Eight lanes of values in 0..255 as bytes, of values in int16 as int16s, or whole.
JCSIM_TARGET_AVX2 inline void store8(uint8_t* p, __m256i v) {
  const __m128i w16 = _mm_packus_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(w16, w16));
}
JCSIM_TARGET_AVX2 inline void store8(int16_t* p, __m256i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}
JCSIM_TARGET_AVX2 inline void store8(uint32_t* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}

// 1 << (offset + value) per lane: a value's bit among the profile bits.
JCSIM_TARGET_AVX2 inline __m256i value_bit(int offset, __m256i value) {
  return _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_add_epi32(value, _mm256_set1_epi32(offset)));
}

// A histogram's bins as two int tables for the gathers: each bin's first month and its span.
struct Bins {
  std::vector<int32_t> from, span;
  explicit Bins(const MonthsCdf& d) {
    for (const auto& b : d.bins) {
      from.push_back(b.from);
      span.push_back(b.to - b.from + 1);
    }
  }
};

// World::draw_person for agents first .. first + 8 m - 1, eight at a time.
JCSIM_TARGET_AVX2 void draw8(Agents& a, size_t first, size_t m8, int g, const PersonCdf& attr,
                             const World::NewcomerWords& words) {
  namespace vb = model::value_bits;
  const Bins b24(attr.benefit_months_24), b84(attr.benefit_months_84_extra), bun(attr.unemployed_months);
  const __m256i age_low = _mm256_setr_epi32(kAgeLow[0], kAgeLow[1], kAgeLow[2], kAgeLow[3], 0, 0, 0, 0);
  const __m256i age_span = _mm256_setr_epi32(kAgeSpan[0], kAgeSpan[1], kAgeSpan[2], kAgeSpan[3], 1, 1, 1, 1);
  const __m256i one = _mm256_set1_epi32(1);
  for (size_t k = 0; k < m8; k += 8) {
    const size_t i = first + k;
    __m256i w[16];
    for (size_t j = 0; j < 16; ++j) w[j] = load8(words.attribute[j].data() + k);
    const __m256i group = pick8(attr.age, w[0]);
    store8(a.age_years.data() + i, _mm256_add_epi32(_mm256_permutevar8x32_epi32(age_low, group),
                                                   uniform_index8(w[14], _mm256_permutevar8x32_epi32(age_span, group))));
    store8(a.birth_month.data() + i, _mm256_add_epi32(one, uniform_index8(w[15], _mm256_set1_epi32(12))));
    const __m256i sex = pick8(attr.sex, w[1]), household = pick8(attr.household, w[2]);
    const __m256i migration = pick8(attr.migration, w[3]), language = pick8(attr.language, w[4]);
    const __m256i qualification = pick8(attr.qualification, w[5]), health = pick8(attr.health, w[6]);
    const __m256i distance = pick8(attr.distance, w[7]);
    store8(a.sex.data() + i, sex);
    store8(a.household.data() + i, household);
    store8(a.migration.data() + i, migration);
    store8(a.language.data() + i, language);
    store8(a.qualification.data() + i, qualification);
    store8(a.health.data() + i, health);
    store8(a.distance.data() + i, distance);
    // model::AgentView::profile_bits
    __m256i profile = _mm256_or_si256(value_bit(vb::kAge, group), value_bit(vb::kSex, sex));
    profile = _mm256_or_si256(profile, _mm256_or_si256(value_bit(vb::kHousehold, household), value_bit(vb::kMigration, migration)));
    profile = _mm256_or_si256(profile, _mm256_or_si256(value_bit(vb::kLanguage, language), value_bit(vb::kQualification, qualification)));
    profile = _mm256_or_si256(profile, _mm256_or_si256(value_bit(vb::kHealth, health), value_bit(vb::kDistance, distance)));
    store8(a.profile_bits.data() + i, profile);
    // set_history: m24 <= 24 and extra <= 60 (the validator's bounds), so the 64-bit spell of extra months from
    // bit 24 splits into min(extra, 8) ones at the top of `history` and max(min(extra, 40) - 8, 0) in `mid`.
    const __m256i m24 = months8(attr.benefit_months_24, b24.from.data(), b24.span.data(), w[8], w[9]);
    const __m256i extra = months8(attr.benefit_months_84_extra, b84.from.data(), b84.span.data(), w[10], w[11]);
    const __m256i zero = _mm256_setzero_si256();
    const __m256i spell = _mm256_min_epi32(extra, _mm256_set1_epi32(40));
    store8(a.history.data() + i,
           _mm256_or_si256(ones8(m24), _mm256_slli_epi32(ones8(_mm256_min_epi32(spell, _mm256_set1_epi32(8))), 24)));
    store8(a.history_mid.data() + i, ones8(_mm256_max_epi32(_mm256_sub_epi32(spell, _mm256_set1_epi32(8)), zero)));
    const __m256i old = _mm256_max_epi32(_mm256_sub_epi32(extra, _mm256_set1_epi32(40)), zero);
    store8(a.history_old.data() + i, ones8(_mm256_min_epi32(old, _mm256_set1_epi32(32))));
    store8(a.bm24.data() + i, m24);
    store8(a.bm84.data() + i, _mm256_add_epi32(m24, extra));
    store8(a.unemployed_months.data() + i,
           months8(attr.unemployed_months, bun.from.data(), bun.span.data(), w[12], w[13]));
  }
  std::fill_n(a.segment.begin() + static_cast<std::ptrdiff_t>(first), m8, static_cast<uint8_t>(g));
  for (size_t k = 0; k < m8; ++k) a.priority[first + k] = words.newcomer[k][0];
}

#endif

}  // namespace

void World::draw_people(size_t first, size_t n, int g, const NewcomerWords& words) {
  size_t done = 0;
#ifdef JCSIM_HAVE_AVX2_PATH
  if (config.vector_paths && cpu_has_avx2()) {
    done = n & ~size_t{7};
    draw8(agents, first, done, g, prepared.person_cdf[static_cast<size_t>(g)], words);
  }
#endif
  for (size_t k = done; k < n; ++k) draw_person(first + k, g, words, k);
#if JCSIM_CHECKS_ON
  for (size_t k = 0; k < n; ++k) JCSIM_ASSERT(agents.profile_bits[first + k] == profile_bits_now(first + k), "a drawn age outside its group");
#endif
}

size_t World::add_people(Origin origin, uint32_t month, int segment, uint32_t first, size_t n,
                         NewcomerWords& words) {
  JCSIM_ASSERT(n <= NewcomerWords::kChunk, "more new people than a chunk of words");
  std::array<uint64_t, NewcomerWords::kChunk> ids;
  for (size_t k = 0; k < n; ++k)
    ids[k] = make_id(origin, month, static_cast<uint32_t>(segment), first + static_cast<uint32_t>(k));
  const size_t slot0 = add_agents(ids.data(), n);
  newcomer_words(slot0, n, words);
  draw_people(slot0, n, segment, words);
  return slot0;
}

}  // namespace jcsim::sim
