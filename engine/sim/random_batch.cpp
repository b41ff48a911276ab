// Philox4x32-10 over eight counters per 256-bit register. A round multiplies two counter words by the Philox
// constants (32 × 32 → 64 bits); AVX2's vpmuludq multiplies the even 32-bit lanes, so each product is done as
// an even and an odd multiply whose halves are blended back into lanes. The counters differ only in the agent
// id (words 0 and 1); month/purpose and block are the same for the whole batch.
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

JCSIM_TARGET_AVX2 inline void mulhilo8(__m256i x, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

JCSIM_TARGET_AVX2 void avx2(const Stream& s, const uint64_t* ids, size_t n, int month, Purpose purpose,
                            uint32_t block, Stream::Words* out) {
  static_assert(sizeof(Stream::Words) == 16, "four 32-bit words, packed");
  const uint32_t key0 = s.key0(), key1 = s.key1();
  __m256i k0[kRounds], k1[kRounds];
  for (int r = 0; r < kRounds; ++r) {
    k0[r] = _mm256_set1_epi32(static_cast<int>(key0 + static_cast<uint32_t>(r) * kWeyl0));
    k1[r] = _mm256_set1_epi32(static_cast<int>(key1 + static_cast<uint32_t>(r) * kWeyl1));
  }
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kMul0)), m1 = _mm256_set1_epi32(static_cast<int>(kMul1));
  const __m256i c2 = _mm256_set1_epi32(static_cast<int>(Stream::month_purpose(month, purpose)));
  const __m256i c3 = _mm256_set1_epi32(static_cast<int>(block));
  const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);  // low halves to lanes 0-3, high to 4-7
  for (size_t b = 0; b < n; b += 8) {
    const size_t m = std::min<size_t>(8, n - b);
    alignas(32) uint64_t id_tail[8] = {};
    alignas(32) Stream::Words out_tail[8];
    const uint64_t* src = ids + b;
    if (m < 8) {
      std::copy(src, src + m, id_tail);
      src = id_tail;
    }
    Stream::Words* dst = m == 8 ? out + b : out_tail;
    const __m256i lo4 = _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src)), split);
    const __m256i hi4 =
        _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 4)), split);
    __m256i x0 = _mm256_permute2x128_si256(lo4, hi4, 0x20), x1 = _mm256_permute2x128_si256(lo4, hi4, 0x31);
    __m256i x2 = c2, x3 = c3;
    for (int r = 0; r < kRounds; ++r) {
      __m256i h0, l0, h1, l1;
      mulhilo8(x0, m0, h0, l0);
      mulhilo8(x2, m1, h1, l1);
      x0 = _mm256_xor_si256(_mm256_xor_si256(h1, x1), k0[r]);
      x2 = _mm256_xor_si256(_mm256_xor_si256(h0, x3), k1[r]);
      x1 = l1;
      x3 = l0;
    }
    // Transpose four registers of eight lanes into eight agents of four words.
    const __m256i t0 = _mm256_unpacklo_epi32(x0, x1), t1 = _mm256_unpackhi_epi32(x0, x1);
    const __m256i t2 = _mm256_unpacklo_epi32(x2, x3), t3 = _mm256_unpackhi_epi32(x2, x3);
    const __m256i r0 = _mm256_unpacklo_epi64(t0, t2), r1 = _mm256_unpackhi_epi64(t0, t2);  // agents 0,4 | 1,5
    const __m256i r2 = _mm256_unpacklo_epi64(t1, t3), r3 = _mm256_unpackhi_epi64(t1, t3);  // agents 2,6 | 3,7
    auto* d = reinterpret_cast<__m256i*>(dst);
    _mm256_storeu_si256(d + 0, _mm256_permute2x128_si256(r0, r1, 0x20));
    _mm256_storeu_si256(d + 1, _mm256_permute2x128_si256(r2, r3, 0x20));
    _mm256_storeu_si256(d + 2, _mm256_permute2x128_si256(r0, r1, 0x31));
    _mm256_storeu_si256(d + 3, _mm256_permute2x128_si256(r2, r3, 0x31));
    if (m < 8) std::copy(out_tail, out_tail + m, out + b);
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

}  // namespace jcsim::sim
