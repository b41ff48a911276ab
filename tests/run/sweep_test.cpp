// The grid of a sweep: parsing of PATH=V1,V2,…, the numbering of points, and the key that --resume matches.
#include <gtest/gtest.h>

#include "engine/run/sweep.h"

using namespace jcsim;

TEST(SweepGrid, AxesParseWithTheirValues) {
  const auto a = run::parse_axis(" instrument[egz].capacity.amount = 300, 350 ,400");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->path, "instrument[egz].capacity.amount");
  EXPECT_EQ(a->values, (std::vector<std::string>{"300", "350", "400"}));
  EXPECT_FALSE(run::parse_axis("no_equals_sign"));
  EXPECT_FALSE(run::parse_axis("=1,2"));
  EXPECT_FALSE(run::parse_axis("a.b=1,,2")) << "an empty value is a typo, not a point";
  EXPECT_FALSE(run::parse_axis("a.b="));
}

TEST(SweepGrid, PointsAreRowMajorWithTheLastAxisFastest) {
  const auto points = run::grid({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].label(), "a=1; b=x");
  EXPECT_EQ(points[1].label(), "a=1; b=y");
  EXPECT_EQ(points[3].label(), "a=2; b=x");
  EXPECT_EQ(points[5].label(), "a=2; b=z");
  for (size_t k = 0; k < points.size(); ++k) EXPECT_EQ(points[k].index, static_cast<int>(k));
}

TEST(SweepGrid, OversizedGridsAreRefused) {
  run::Axis big{"a", {}};
  for (int v = 0; v < 1000; ++v) big.values.push_back(std::to_string(v));
  run::Axis other = big;
  other.path = "b";
  EXPECT_THROW(run::grid({big, other}, 100000), std::invalid_argument);
  EXPECT_EQ(run::grid({big}, 100000).size(), 1000u);
}

// The same field as two axes (the first would be overwritten at every point) or a value twice (points run twice).
TEST(SweepGrid, AFieldTwiceOrAValueTwiceIsRefused) {
  try {
    run::grid({{"a", {"1", "2"}}, {"a", {"3", "4"}}});
    ADD_FAILURE() << "a path given twice was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "--set a is given twice; give all its values in one --set");
  }
  try {
    run::grid({{"a", {"1", "2", "1"}}});
    ADD_FAILURE() << "a repeated value was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "--set a lists the value 1 twice");
  }
}

TEST(SweepGrid, TheKeyChangesWithEverythingThatChangesResults) {
  const std::vector<run::Axis> axes{{"a", {"1", "2"}}};
  const auto key = run::sweep_key("text", axes, 7, 100);
  EXPECT_EQ(key, run::sweep_key("text", axes, 7, 100));
  EXPECT_NE(key, run::sweep_key("text.", axes, 7, 100));
  EXPECT_NE(key, run::sweep_key("text", {{"a", {"1", "3"}}}, 7, 100));
  EXPECT_NE(key, run::sweep_key("text", {{"a", {"12"}}}, 7, 100));
  EXPECT_NE(key, run::sweep_key("text", axes, 8, 100));
  EXPECT_NE(key, run::sweep_key("text", axes, 7, 101));
}
