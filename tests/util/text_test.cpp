#include <gtest/gtest.h>

#include "engine/util/month.h"
#include "engine/util/text.h"

using namespace jcsim;

TEST(Month, ParsesAndFormats) {
  const auto m = parse_month("2024-04");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->year(), 2024);
  EXPECT_EQ(m->month(), 4);
  EXPECT_EQ(m->str(), "2024-04");
  EXPECT_EQ(m->plus(9).str(), "2025-01");
  EXPECT_EQ(*parse_month("2025-01") - *m, 9);
  for (const char* bad : {"2024-13", "2024-00", "24-04", "2024/04", "2024-4", "", "abcd-ef", "1800-01"})
    EXPECT_FALSE(parse_month(bad)) << bad;
}

TEST(Text, Utf8) {
  EXPECT_FALSE(first_invalid_utf8("Maßnahme §16i – ÄÖÜ €"));
  const auto bad = first_invalid_utf8("ok\nMa\xdfnahme");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->line, 2);
  EXPECT_EQ(bad->column, 3);
  EXPECT_TRUE(first_invalid_utf8("\xc0\xaf"));          // overlong
  EXPECT_TRUE(first_invalid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_TRUE(first_invalid_utf8("\xe2\x82"));          // truncated
  EXPECT_TRUE(first_nul(std::string_view("a\0b", 3)));
}

TEST(Text, DidYouMean) {
  const std::vector<std::string> ids{"aktivierung_ue25", "aktivierung_u25", "egz", "p16i"};
  EXPECT_EQ(closest_match("aktivierung_ü25", ids).value_or(""), "aktivierung_ue25");  // ü is written ue
  EXPECT_EQ(closest_match("egs", ids).value_or(""), "egz");
  EXPECT_FALSE(closest_match("weiterbildung", ids));
  EXPECT_EQ(did_you_mean("p16j", ids), " (did you mean 'p16i'?)");
}

TEST(Text, Ids) {
  EXPECT_TRUE(is_valid_id("p16i"));
  EXPECT_TRUE(is_valid_id("ue25_marktnah"));
  for (const char* bad : {"", "16i", "Egz", "a-b", "a b", "ü25"}) EXPECT_FALSE(is_valid_id(bad)) << bad;
}
