// Philox4x32-10 over four counters per 256-bit register, eight per step. A round multiplies two counter words by
// the Philox constants (32 × 32 → 64 bits); AVX2's vpmuludq multiplies the low halves of 64-bit lanes, so each
// counter word lives in the low half of a lane of its own. The counters differ only in the agent id (words 0 and
// 1); month/purpose and block are the same for the whole batch, so round 0's product of word 2 is computed once.
#include "engine/sim/random_batch.h"

#include <algorithm>

#include "engine/util/cpu.h"

namespace jcsim::sim {

namespace {

// Random123's Philox4x32 constants: the round multipliers and the key schedule's increments.
constexpr uint32_t kMul0 = PHILOX_M4x32_0, kMul1 = PHILOX_M4x32_1;
constexpr uint32_t kWeyl0 = PHILOX_W32_0, kWeyl1 = PHILOX_W32_1;
constexpr int kRounds = 10;  // Philox4x32-10, as r123::Philox4x32

void scalar(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose, uint32_t block,
            Stream::Words* out) {
  for (size_t k = 0; k < n; ++k) out[k] = s.words(ids[k], month, purpose, block);
}

#ifdef JCSIM_HAVE_AVX2_PATH

// Four counters per register, one per 64-bit lane, each word in the lane's low half: vpmuludq then gives the
// whole 64-bit product, its high half one shift away, and its low half is the next word as it stands (the high
// halves of the lanes carry garbage that no multiplication and no output reads).
struct Lanes {
  __m256i x0, x1, x2, x3;
};

// The round keys and the constants of round 0, where words 2 and 3 (month/purpose, block) are the same for the
// whole batch: their product, and what it is combined with, is computed once.
struct Schedule {
  __m256i k0[kRounds], k1[kRounds];
  __m256i m0, m1;
  __m256i r0_x0, r0_x1, r0_x2;  // round 0: x0' = x1 ^ r0_x0, x1' = r0_x1, x2' = hi(x0 · m0) ^ r0_x2
};

JCSIM_TARGET_AVX2 inline __m256i lanes(uint64_t v) {
  return _mm256_set1_epi64x(static_cast<long long>(v));
}

JCSIM_TARGET_AVX2 inline __m256i hi64(__m256i product) {
  return _mm256_srli_epi64(product, 32);
}

// Round 0 on four counters given by their agent ids (x2 and x3 as in the schedule).
JCSIM_TARGET_AVX2 inline Lanes round0(__m256i ids, const Schedule& s) {
  const __m256i p0 = _mm256_mul_epu32(ids, s.m0);
  return {_mm256_xor_si256(hi64(ids), s.r0_x0), s.r0_x1, _mm256_xor_si256(hi64(p0), s.r0_x2), p0};
}

JCSIM_TARGET_AVX2 inline void round(Lanes& x, const Schedule& s, int r) {
  const __m256i q0 = _mm256_mul_epu32(x.x0, s.m0);
  const __m256i q1 = _mm256_mul_epu32(x.x2, s.m1);
  x.x0 = _mm256_xor_si256(_mm256_xor_si256(hi64(q1), x.x1), s.k0[r]);
  x.x2 = _mm256_xor_si256(_mm256_xor_si256(hi64(q0), x.x3), s.k1[r]);
  x.x1 = q1;
  x.x3 = q0;
}

// Ten rounds on four counters.
JCSIM_TARGET_AVX2 inline Lanes philox4(__m256i ids, const Schedule& s) {
  Lanes x = round0(ids, s);
#pragma GCC unroll 9
  for (int r = 1; r < kRounds; ++r) round(x, s, r);
  return x;
}

// Ten rounds on two sets of four counters, interleaved (the multiplications of one hide the other's latency).
JCSIM_TARGET_AVX2 inline void philox8(__m256i ids_x, __m256i ids_y, const Schedule& s, Lanes& x, Lanes& y) {
  x = round0(ids_x, s);
  y = round0(ids_y, s);
#pragma GCC unroll 9
  for (int r = 1; r < kRounds; ++r) {
    round(x, s, r);
    round(y, s, r);
  }
}

// The four agents' words, agent after agent.
JCSIM_TARGET_AVX2 inline void store4(const Lanes& x, Stream::Words* out) {
  const __m256i w01 = _mm256_blend_epi32(x.x0, _mm256_slli_epi64(x.x1, 32), 0xAA);  // words 0, 1 per lane
  const __m256i w23 = _mm256_blend_epi32(x.x2, _mm256_slli_epi64(x.x3, 32), 0xAA);  // words 2, 3 per lane
  const __m256i a02 = _mm256_unpacklo_epi64(w01, w23), a13 = _mm256_unpackhi_epi64(w01, w23);
  auto* d = reinterpret_cast<__m256i*>(out);
  _mm256_storeu_si256(d, _mm256_permute2x128_si256(a02, a13, 0x20));
  _mm256_storeu_si256(d + 1, _mm256_permute2x128_si256(a02, a13, 0x31));
}

// Word j of eight agents (x: the first four, y: the next four), in order, at `to`.
JCSIM_TARGET_AVX2 inline void store_column(__m256i x, __m256i y, uint32_t* to) {
  const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  const __m256i xs = _mm256_permutevar8x32_epi32(x, low_halves), ys = _mm256_permutevar8x32_epi32(y, low_halves);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(to), _mm256_permute2x128_si256(xs, ys, 0x20));
}

JCSIM_TARGET_AVX2 Schedule schedule(const Stream& st, int month, Purpose purpose, uint32_t block) {
  const uint32_t key0 = st.key0(), key1 = st.key1();
  const uint32_t c2 = Stream::month_purpose(month, purpose), c3 = block;
  Schedule s;
  for (int r = 0; r < kRounds; ++r) {
    s.k0[r] = lanes(key0 + static_cast<uint32_t>(r) * kWeyl0);
    s.k1[r] = lanes(key1 + static_cast<uint32_t>(r) * kWeyl1);
  }
  s.m0 = lanes(kMul0);
  s.m1 = lanes(kMul1);
  const uint64_t p1 = uint64_t{c2} * kMul1;  // round 0's product of word 2
  s.r0_x0 = lanes((p1 >> 32) ^ key0);
  s.r0_x1 = lanes(static_cast<uint32_t>(p1));
  s.r0_x2 = lanes(c3 ^ key1);
  return s;
}

// Calls store(b, x, y) for the counters of agents b .. b + 3 (x) and b + 4 .. b + 7 (y), for every whole eight of
// the n agents; returns how many agents that covered.
template <typename Store>
JCSIM_TARGET_AVX2 inline size_t eights(const Schedule& s, const uint64_t* ids, size_t n, Store&& store) {
  size_t b = 0;
  for (; b + 8 <= n; b += 8) {
    Lanes x, y;
    philox8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(ids + b)),
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ids + b + 4)), s, x, y);
    store(b, x, y);
  }
  return b;
}

JCSIM_TARGET_AVX2 void avx2(const Stream& st, const uint64_t* ids, size_t n, int month, Purpose purpose,
                            uint32_t block, Stream::Words* out) {
  static_assert(sizeof(Stream::Words) == 16, "four 32-bit words, packed");
  const Schedule s = schedule(st, month, purpose, block);
  for (size_t b = eights(s, ids, n,
                         [out](size_t at, const Lanes& x, const Lanes& y) JCSIM_TARGET_AVX2 {
                           store4(x, out + at);
                           store4(y, out + at + 4);
                         });
       b < n; b += 4) {
    const size_t m = std::min<size_t>(4, n - b);
    alignas(32) uint64_t id4[4] = {};
    alignas(32) Stream::Words out4[4];
    std::copy(ids + b, ids + b + m, id4);
    store4(philox4(_mm256_load_si256(reinterpret_cast<const __m256i*>(id4)), s), out4);
    std::copy(out4, out4 + m, out + b);
  }
}

JCSIM_TARGET_AVX2 void avx2_columns(const Stream& st, const uint64_t* ids, size_t n, int month, Purpose purpose,
                                    uint32_t block, uint32_t* const columns[4]) {
  const Schedule s = schedule(st, month, purpose, block);
  const size_t b = eights(s, ids, n, [columns](size_t at, const Lanes& x, const Lanes& y) JCSIM_TARGET_AVX2 {
    store_column(x.x0, y.x0, columns[0] + at);
    store_column(x.x1, y.x1, columns[1] + at);
    store_column(x.x2, y.x2, columns[2] + at);
    store_column(x.x3, y.x3, columns[3] + at);
  });
  if (b < n) {
    alignas(32) Stream::Words tail[8];
    avx2(st, ids + b, n - b, month, purpose, block, tail);
    for (size_t k = 0; b + k < n; ++k)
      for (size_t j = 0; j < 4; ++j) columns[j][b + k] = tail[k][j];
  }
}

#endif

}  // namespace

bool words_batch_vectorised() {
  return cpu_has_avx2();
}

void words_batch(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose, uint32_t block,
                 Stream::Words* out) {
#ifdef JCSIM_HAVE_AVX2_PATH
  if (cpu_has_avx2()) {
    avx2(s, ids, n, month, purpose, block, out);
    return;
  }
#endif
  scalar(s, ids, n, month, purpose, block, out);
}

void words_batch_columns(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose,
                         uint32_t block, uint32_t* const columns[4]) {
#ifdef JCSIM_HAVE_AVX2_PATH
  if (cpu_has_avx2()) {
    avx2_columns(s, ids, n, month, purpose, block, columns);
    return;
  }
#endif
  for (size_t k = 0; k < n; ++k) {
    const auto w = s.words(ids[k], month, purpose, block);
    for (size_t j = 0; j < 4; ++j) columns[j][k] = w[j];
  }
}

}  // namespace jcsim::sim
