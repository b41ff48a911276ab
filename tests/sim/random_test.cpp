// The keyed generator: the published Philox4x32-10 answers, and the batched (vectorised) generator giving the
// same words as one call per agent, for every batch length and tail.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "engine/sim/random.h"
#include "engine/sim/random_batch.h"

using namespace jcsim::sim;

namespace {

// Counter word 2 is (month + 1) << 16 | purpose: month -1 and purpose 0 give a zero word, so the Random123
// known-answer vectors (kat_vectors, "philox4x32 10") can be checked through Stream itself.
constexpr auto kZeroPurpose = static_cast<Purpose>(0);

TEST(Random, StreamReproducesThePublishedPhiloxAnswers) {
  const Stream zero{0, 0};
  EXPECT_EQ(zero.words(0, -1, kZeroPurpose, 0), (Stream::Words{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  // key (a4093822, 299f31d0), counter (243f6a88, 85a308d3, 13198a2e, 03707344): seed = key0 | key1 << 32.
  const Stream pi{0x299f31d0a4093822ull, 0};
  EXPECT_EQ(pi.words(0x85a308d3243f6a88ull, 0x1319 - 1, static_cast<Purpose>(0x8a2e), 0x03707344),
            (Stream::Words{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Random, BatchGivesTheWordsOfOneCallPerAgent) {
  std::vector<uint64_t> ids;
  for (uint32_t k = 0; k < 300; ++k)
    ids.push_back(make_id(static_cast<Origin>(k % 6), k * 7 % 4096, k % 13, k * 2654435761u));
  for (const Stream s : {Stream{1, 0}, Stream{424242, 17}, Stream{0xfedcba9876543210ull, 999}})
    for (size_t n = 0; n <= 41; ++n)
      for (const int month : {-1, 0, 35}) {
        std::vector<Stream::Words> batch(n + 1, Stream::Words{7, 7, 7, 7});
        words_batch(s, ids.data() + (n % 5), n, month, Purpose::kMonthly, n % 3, batch.data());
        for (size_t k = 0; k < n; ++k)
          ASSERT_EQ(batch[k], s.words(ids[k + n % 5], month, Purpose::kMonthly, n % 3))
              << "n " << n << " k " << k << " month " << month;
        EXPECT_EQ(batch[n], (Stream::Words{7, 7, 7, 7})) << "wrote past the end, n " << n;
      }
  // A long run through every full block.
  std::vector<Stream::Words> batch(ids.size());
  const Stream s{99, 3};
  words_batch(s, ids.data(), ids.size(), 11, Purpose::kChain, 64, batch.data());
  for (size_t k = 0; k < ids.size(); ++k) ASSERT_EQ(batch[k], s.words(ids[k], 11, Purpose::kChain, 64));
}

// The batch by column gives the same words, word j of agent k at columns[j][k], for every length and tail.
TEST(Random, BatchByColumnGivesTheWordsOfOneCallPerAgent) {
  std::vector<uint64_t> ids;
  for (uint32_t k = 0; k < 300; ++k)
    ids.push_back(make_id(static_cast<Origin>(k % 6), k * 7 % 4096, k % 13, k * 2654435761u));
  const Stream s{0xfedcba9876543210ull, 41};
  for (size_t n = 0; n <= 300; n += n < 41 ? 1 : 37) {
    std::vector<std::vector<uint32_t>> column(4, std::vector<uint32_t>(n + 1, 7));
    uint32_t* const columns[4] = {column[0].data(), column[1].data(), column[2].data(), column[3].data()};
    words_batch_columns(s, ids.data(), n, 5, Purpose::kMonthly, n % 3, columns);
    for (size_t k = 0; k < n; ++k) {
      const auto w = s.words(ids[k], 5, Purpose::kMonthly, n % 3);
      for (size_t j = 0; j < 4; ++j) ASSERT_EQ(column[j][k], w[j]) << "n " << n << " k " << k << " word " << j;
    }
    for (size_t j = 0; j < 4; ++j) EXPECT_EQ(column[j][n], 7u) << "wrote past the end, n " << n;
  }
}

// A prepared distribution picks from a word what pick() picks for its u01: shares with zeros first, between and
// last, shares whose sum rounds below 1 (pick()'s fallback), and words on either side of each running sum.
TEST(Random, PreparedSharesPickAsPickDoes) {
  const std::vector<std::array<double, 5>> cases = {
      {0.2, 0.2, 0.2, 0.2, 0.2}, {0, 0, 0.5, 0.5, 0}, {0.3, 0, 0, 0.7, 0},   {1, 0, 0, 0, 0},
      {0, 0, 0, 0, 1},           {0.1, 0.2, 0.3, 0.3, 0.0999999}, {0, 0, 0, 0, 0}, {0.25, 0.25, 0, 0.25, 0.2499}};
  const Stream s{7, 0};
  int compared = 0;
  for (const auto& shares : cases) {
    const Cdf<5> cdf(shares);
    std::vector<uint32_t> words = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF};
    for (const uint64_t f : cdf.from)
      for (const int64_t d : {-2, -1, 0, 1})
        if (static_cast<int64_t>(f) + d >= 0 && static_cast<int64_t>(f) + d <= 0xFFFFFFFF)
          words.push_back(static_cast<uint32_t>(static_cast<int64_t>(f) + d));
    for (uint32_t k = 0; k < 2000; ++k) words.push_back(s.words(k, 0, Purpose::kAttributes)[0]);
    for (const uint32_t w : words) {
      ASSERT_EQ(cdf.pick_word(w), pick(shares, u01(w))) << "word " << w;
      ++compared;
    }
  }
  EXPECT_GT(compared, 16000);
}

// word_above(c) is the first word whose u01 exceeds c.
TEST(Random, WordAboveIsWhereU01PassesTheValue) {
  for (const double c : {0.0, 1e-12, 0.25, 1.0 / 3, 0.5, 0.7, 0.9999999999, 1.0, 1.5}) {
    const uint64_t w = word_above(c);
    if (w <= 0xFFFFFFFF) {
      EXPECT_LT(c, u01(static_cast<uint32_t>(w))) << c;
    }
    if (w > 0) {
      EXPECT_GE(c, u01(static_cast<uint32_t>(w - 1))) << c;
    }
  }
  EXPECT_EQ(word_above(1.0), uint64_t{1} << 32);  // u01 never exceeds 1
  EXPECT_EQ(word_above(-1.0), 0u);
}

}  // namespace

// uniform_index is the index the double expression gives, for every span the engine draws over (up to 2^20), at
// the extreme words and at words on either side of each step.
TEST(Random, UniformIndexIsTheIndexTheDoubleGives) {
  const Stream s{5, 1};
  int compared = 0;
  for (const int span : {1, 2, 3, 7, 12, 30, 97, 255, 600, 65535, 1 << 20}) {
    std::vector<uint32_t> words = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF};
    for (int k = 1; k < std::min(span, 64); ++k) {  // the first word of index k: (2w + 1) · span >= k · 2^33
      const uint64_t w = ((static_cast<uint64_t>(k) << 33) / static_cast<uint64_t>(span) - 1) / 2;
      for (const int64_t d : {-1, 0, 1})
        if (static_cast<int64_t>(w) + d >= 0 && static_cast<int64_t>(w) + d <= 0xFFFFFFFF)
          words.push_back(static_cast<uint32_t>(static_cast<int64_t>(w) + d));
    }
    for (uint32_t k = 0; k < 1000; ++k) words.push_back(s.words(k, 3, Purpose::kChain)[3]);
    for (const uint32_t w : words) {
      const int index = uniform_index(w, span);
      ASSERT_EQ(index, static_cast<int>(u01(w) * span)) << "word " << w << " span " << span;
      ASSERT_LT(index, span);
      ++compared;
    }
  }
  EXPECT_GT(compared, 11000);
}
