#include "engine/out/sqlite_store.h"

#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

namespace jcsim::out {

namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS run (
  id            INTEGER PRIMARY KEY,
  scenario      TEXT NOT NULL,     -- the scenario's name
  scenario_file TEXT NOT NULL,
  scenario_hash TEXT NOT NULL,     -- FNV-1a 64 of the scenario text
  scenario_text TEXT NOT NULL,
  start_month   TEXT NOT NULL,     -- YYYY-MM
  horizon       INTEGER NOT NULL,  -- months
  seed          INTEGER NOT NULL,
  replications  INTEGER NOT NULL,
  threads       INTEGER NOT NULL,
  started_at    TEXT NOT NULL,     -- UTC, ISO 8601
  seconds       REAL NOT NULL,
  host          TEXT NOT NULL,
  jcsim_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS value (
  run_id  INTEGER NOT NULL REFERENCES run(id),
  metric  TEXT NOT NULL,
  segment TEXT NOT NULL,
  month   TEXT NOT NULL,           -- YYYY-MM
  mean REAL, sd REAL, p05 REAL, p50 REAL, p95 REAL,
  PRIMARY KEY (run_id, metric, segment, month)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_by_scenario ON run (scenario, started_at);
)";

}  // namespace

int64_t append_run(const std::string& db_path, const results::Run& run) {
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys = ON");
    SQLite::Transaction tx(db);
    db.exec(kSchema);
    const auto& p = run.provenance();
    SQLite::Statement insert_run(db,
                                 "INSERT INTO run (scenario, scenario_file, scenario_hash, scenario_text, start_month, "
                                 "horizon, seed, replications, threads, started_at, seconds, host, jcsim_version) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert_run.bind(1, p.scenario_name());
    insert_run.bind(2, p.scenario_file());
    insert_run.bind(3, p.scenario_hash());
    insert_run.bind(4, run.scenario_text());
    insert_run.bind(5, p.start_month());
    insert_run.bind(6, p.horizon_months());
    insert_run.bind(7, static_cast<int64_t>(p.seed()));  // seeds above 2^63 are stored as their two's complement
    insert_run.bind(8, p.replications());
    insert_run.bind(9, p.threads());
    insert_run.bind(10, p.started_at());
    insert_run.bind(11, p.seconds());
    insert_run.bind(12, p.host());
    insert_run.bind(13, p.jcsim_version());
    insert_run.exec();
    const int64_t id = db.getLastInsertRowid();
    SQLite::Statement insert_value(db, "INSERT INTO value VALUES (?,?,?,?,?,?,?,?,?)");
    for (const auto& c : run.cell()) {
      insert_value.bind(1, id);
      insert_value.bind(2, c.metric());
      insert_value.bind(3, c.segment());
      insert_value.bind(4, c.month());
      insert_value.bind(5, c.mean());
      insert_value.bind(6, c.sd());
      insert_value.bind(7, c.p05());
      insert_value.bind(8, c.p50());
      insert_value.bind(9, c.p95());
      insert_value.exec();
      insert_value.reset();
    }
    tx.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot write the run to " + db_path + ": " + e.what());
  }
}

}  // namespace jcsim::out
