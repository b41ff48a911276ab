// The SQLite run store: runs append with their provenance, values equal the summary, the README's example
// queries run, and a failed or refused write leaves the store as it was.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "engine/out/results.h"
#include "engine/out/sqlite_store.h"
#include "engine/run/runner.h"
#include "engine/scenario/load.h"
#include "tests/support.h"

namespace fs = std::filesystem;
using namespace jcsim;

namespace {

struct Stored {
  std::shared_ptr<const model::Scenario> scenario;
  run::RunResult result;
  results::Run run;
};

Stored simulate(const char* name, uint64_t seed) {
  Stored st;
  const auto loaded = scenario::load_file((test::kSourceDir / "scenarios" / name).string());
  st.scenario = loaded.scenario;
  run::RunOptions o;
  o.replications = 4;
  o.seed = seed;
  st.result = run::run(*st.scenario, o);
  out::RunInfo info{name, loaded.text, seed, 4, 2, 1, "2026-11-23T10:00:00Z", st.result.seconds};
  st.run = out::make_run(*st.scenario, *st.result.layout, st.result.summary, info);
  return st;
}

fs::path fresh_db(const char* tag) {
  const fs::path p = fs::temp_directory_path() / ("jcsim-store-" + std::string(tag) + "-" + std::to_string(::getpid()) + ".sqlite");
  fs::remove(p);
  return p;
}

// The ```sql blocks of README.md.
std::vector<std::string> readme_queries() {
  const std::string readme = test::read_file(test::kSourceDir / "README.md");
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = readme.find("```sql\n", at)) != std::string::npos) {
    const size_t end = readme.find("```", at + 7);
    out.push_back(readme.substr(at + 7, end - at - 7));
    at = end + 3;
  }
  return out;
}

}  // namespace

TEST(Store, RunsAppendWithProvenanceAndTheirValues) {
  const auto db = fresh_db("append");
  const auto en = simulate("en2024.textproto", 7);
  const auto tiny = simulate("tiny.textproto", 8);
  EXPECT_EQ(out::append_run(db.string(), en.run), 1);
  EXPECT_EQ(out::append_run(db.string(), tiny.run), 2);
  SQLite::Database d(db.string());
  EXPECT_EQ(d.execAndGet("SELECT count(*) FROM run").getInt(), 2);
  EXPECT_EQ(d.execAndGet("SELECT scenario FROM run WHERE id = 1").getString(), "en2024");
  EXPECT_EQ(d.execAndGet("SELECT seed FROM run WHERE id = 2").getInt64(), 8);
  EXPECT_EQ(d.execAndGet("SELECT scenario_hash FROM run WHERE id = 1").getString(),
            out::text_hash(test::read_file(test::kSourceDir / "scenarios/en2024.textproto")));
  EXPECT_EQ(d.execAndGet("SELECT count(*) FROM value WHERE run_id = 1").getInt64(),
            static_cast<int64_t>(en.result.layout->series_count()) * en.scenario->horizon);
  // The stored numbers are the summary's, exactly.
  const auto& L = *en.result.layout;
  const size_t series = L.person(stats::kIntegrations, stats::kAll);
  SQLite::Statement q(d, "SELECT mean, p05, p95 FROM value WHERE run_id = 1 AND metric = 'integrations' AND "
                         "segment = 'all' ORDER BY month");
  for (int t = 0; q.executeStep(); ++t) {
    EXPECT_EQ(q.getColumn(0).getDouble(), en.result.summary.at(series, t).mean);
    EXPECT_EQ(q.getColumn(1).getDouble(), en.result.summary.at(series, t).p05);
    EXPECT_EQ(q.getColumn(2).getDouble(), en.result.summary.at(series, t).p95);
  }
  fs::remove(db);
}

TEST(Store, TheReadmeQueriesRun) {
  const auto db = fresh_db("readme");
  out::append_run(db.string(), simulate("en2024.textproto", 1).run);
  const auto queries = readme_queries();
  ASSERT_EQ(queries.size(), 3u) << "runs, months of a run, points of a sweep";
  SQLite::Database d(db.string());
  SQLite::Statement runs(d, queries[0]);
  int n = 0;
  while (runs.executeStep()) ++n;
  EXPECT_EQ(n, 1);
  SQLite::Statement months(d, queries[1]);
  n = 0;
  while (months.executeStep()) ++n;
  EXPECT_EQ(n, 12);
  SQLite::Statement points(d, queries[2]);  // no sweep in this store: the query runs and finds nothing
  n = 0;
  while (points.executeStep()) ++n;
  EXPECT_EQ(n, 0);
  fs::remove(db);
}

TEST(Store, AFailedAppendLeavesTheStoreAsItWas) {
  const auto db = fresh_db("atomic");
  const auto en = simulate("en2024.textproto", 3);
  out::append_run(db.string(), en.run);
  const std::string before = test::read_file(db);
  auto broken = en.run;
  *broken.add_cell() = broken.cell(0);  // a duplicate key: the insert fails in the middle of the transaction
  EXPECT_THROW(out::append_run(db.string(), broken), std::runtime_error);
  SQLite::Database d(db.string());
  EXPECT_EQ(d.execAndGet("SELECT count(*) FROM run").getInt(), 1);
  EXPECT_EQ(test::read_file(db), before);
  fs::remove(db);
}

// What may be appended to: a missing or empty file (the schema is created), an SQLite file without tables, a
// jcsim store; not a file of other bytes, nor another program's database.
TEST(Store, AStoreIsCheckedAsOneBeforeARun) {
  const auto db = fresh_db("problem");
  EXPECT_EQ(out::store_problem(db.string()), "");  // missing
  { std::ofstream(db.string()) << ""; }
  EXPECT_EQ(out::store_problem(db.string()), "");  // empty
  out::append_run(db.string(), simulate("tiny.textproto", 5).run);
  EXPECT_EQ(out::store_problem(db.string()), "");  // a store
  fs::remove(db);
  { std::ofstream(db.string()) << "a text file, not a database\n"; }
  EXPECT_NE(out::store_problem(db.string()).find("not a jcsim store: "), std::string::npos);
  fs::remove(db);
  {
    SQLite::Database other(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
  }
  EXPECT_EQ(out::store_problem(db.string()),
            "an SQLite database, but not a jcsim store (it has tables, and no 'run' table)");
  fs::remove(db);
}

// `jcsim report` regenerates the exports of a stored run from the store alone, to the byte.
TEST(Store, ReportRegeneratesTheRunsSummaryExactly) {
  const fs::path dir = fs::temp_directory_path() / ("jcsim-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string bin = JCSIM_BINARY;
  const std::string tiny = (test::kSourceDir / "scenarios/tiny.textproto").string();
  ASSERT_EQ(std::system((bin + " run '" + tiny + "' --reps 5 --seed 3 --out '" + dir.string() + "' --quiet").c_str()), 0);
  const std::string original = test::read_file(dir / "summary.csv");
  ASSERT_EQ(std::system((bin + " run '" + tiny + "' --reps 5 --seed 4 --db '" + (dir / "results.sqlite").string() +
                         "' --format sqlite --quiet").c_str()),
            0);
  const fs::path again = dir / "again";
  ASSERT_EQ(std::system((bin + " report '" + dir.string() + "' --run 1 --out '" + again.string() + "' >/dev/null").c_str()), 0);
  EXPECT_EQ(test::read_file(again / "summary.csv"), original);
  // The latest run is the other seed: different numbers.
  ASSERT_EQ(std::system((bin + " report '" + dir.string() + "' --out '" + again.string() + "' >/dev/null").c_str()), 0);
  EXPECT_NE(test::read_file(again / "summary.csv"), original);
  EXPECT_EQ(WEXITSTATUS(std::system((bin + " report '" + dir.string() + "' --run 9 >/dev/null 2>&1").c_str())), 2);
  fs::remove_all(dir);
}
