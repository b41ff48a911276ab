#include "engine/out/sqlite_store.h"

#include <algorithm>
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
  series  INTEGER NOT NULL,        -- position of (metric, segment) in the run's output
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
    SQLite::Statement insert_value(db, "INSERT INTO value VALUES (?,?,?,?,?,?,?,?,?,?)");
    const int horizon = std::max(p.horizon_months(), 1);
    for (int k = 0; k < run.cell_size(); ++k) {
      const auto& c = run.cell(k);
      insert_value.bind(1, id);
      insert_value.bind(2, k / horizon);
      insert_value.bind(3, c.metric());
      insert_value.bind(4, c.segment());
      insert_value.bind(5, c.month());
      insert_value.bind(6, c.mean());
      insert_value.bind(7, c.sd());
      insert_value.bind(8, c.p05());
      insert_value.bind(9, c.p50());
      insert_value.bind(10, c.p95());
      insert_value.exec();
      insert_value.reset();
    }
    tx.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot write the run to " + db_path + ": " + e.what());
  }
}

results::Run read_run(const std::string& db_path, int64_t id) {
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    if (id == 0) id = db.execAndGet("SELECT coalesce(max(id), 0) FROM run").getInt64();
    SQLite::Statement q(db,
                        "SELECT scenario, scenario_file, scenario_hash, scenario_text, start_month, horizon, seed, "
                        "replications, threads, started_at, seconds, host, jcsim_version FROM run WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) throw std::runtime_error("there is no run " + std::to_string(id) + " in " + db_path);
    results::Run run;
    auto* p = run.mutable_provenance();
    p->set_scenario_name(q.getColumn(0).getString());
    p->set_scenario_file(q.getColumn(1).getString());
    p->set_scenario_hash(q.getColumn(2).getString());
    run.set_scenario_text(q.getColumn(3).getString());
    p->set_start_month(q.getColumn(4).getString());
    p->set_horizon_months(q.getColumn(5).getInt());
    p->set_seed(static_cast<uint64_t>(q.getColumn(6).getInt64()));
    p->set_replications(q.getColumn(7).getInt());
    p->set_threads(q.getColumn(8).getInt());
    p->set_started_at(q.getColumn(9).getString());
    p->set_seconds(q.getColumn(10).getDouble());
    p->set_host(q.getColumn(11).getString());
    p->set_jcsim_version(q.getColumn(12).getString());
    SQLite::Statement v(db, "SELECT metric, segment, month, mean, sd, p05, p50, p95 FROM value WHERE run_id = ? "
                            "ORDER BY series, month");
    v.bind(1, id);
    while (v.executeStep()) {
      auto* c = run.add_cell();
      c->set_metric(v.getColumn(0).getString());
      c->set_segment(v.getColumn(1).getString());
      c->set_month(v.getColumn(2).getString());
      c->set_mean(v.getColumn(3).getDouble());
      c->set_sd(v.getColumn(4).getDouble());
      c->set_p05(v.getColumn(5).getDouble());
      c->set_p50(v.getColumn(6).getDouble());
      c->set_p95(v.getColumn(7).getDouble());
    }
    return run;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot read " + db_path + ": " + e.what());
  }
}

}  // namespace jcsim::out
