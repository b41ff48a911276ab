#include "engine/out/sqlite_store.h"

#include <algorithm>
#include <filesystem>
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
  jcsim_version TEXT NOT NULL,
  ranks         INTEGER NOT NULL DEFAULT 1  -- MPI ranks
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
CREATE TABLE IF NOT EXISTS comparison (
  id               INTEGER PRIMARY KEY,
  base_scenario    TEXT NOT NULL,
  base_file        TEXT NOT NULL,
  base_hash        TEXT NOT NULL,
  base_text        TEXT NOT NULL,
  variant_scenario TEXT NOT NULL,
  variant_file     TEXT NOT NULL,
  variant_hash     TEXT NOT NULL,
  variant_text     TEXT NOT NULL,
  assignments      TEXT NOT NULL,  -- the PATH=VALUE changes of the variant, one per line
  start_month      TEXT NOT NULL,
  horizon          INTEGER NOT NULL,
  seed             INTEGER NOT NULL,
  replications     INTEGER NOT NULL,
  threads          INTEGER NOT NULL,
  ranks            INTEGER NOT NULL,
  started_at       TEXT NOT NULL,
  seconds          REAL NOT NULL,
  host             TEXT NOT NULL,
  jcsim_version    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS difference (  -- variant − base per series and month, paired over replications
  comparison_id INTEGER NOT NULL REFERENCES comparison(id),
  series  INTEGER NOT NULL,
  metric  TEXT NOT NULL,
  segment TEXT NOT NULL,
  month   TEXT NOT NULL,
  base REAL, variant REAL, mean REAL, sd REAL, low REAL, high REAL,
  PRIMARY KEY (comparison_id, metric, segment, month)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS year_difference (  -- headline figures per calendar year
  comparison_id INTEGER NOT NULL REFERENCES comparison(id),
  position INTEGER NOT NULL,
  label    TEXT NOT NULL,
  base REAL, variant REAL, mean REAL, sd REAL, low REAL, high REAL,
  independent_half_width REAL,
  PRIMARY KEY (comparison_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sweep (
  id            INTEGER PRIMARY KEY,
  key           TEXT NOT NULL,     -- scenario text, axes, seed and replications hashed: equal keys, equal results
  scenario      TEXT NOT NULL,
  scenario_file TEXT NOT NULL,
  axes          TEXT NOT NULL,     -- the --set arguments, one per line
  points        INTEGER NOT NULL,
  seed          INTEGER NOT NULL,
  replications  INTEGER NOT NULL,
  started_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sweep_by_key ON sweep (key);
CREATE TABLE IF NOT EXISTS sweep_point (
  sweep_id      INTEGER NOT NULL REFERENCES sweep(id),
  point         INTEGER NOT NULL,
  comparison_id INTEGER NOT NULL REFERENCES comparison(id),
  PRIMARY KEY (sweep_id, point)
) WITHOUT ROWID;
)";

// Opens (creating if needed) a store and brings its schema up to date. Stores written before comparisons existed
// lack run.ranks; it is added with its default.
SQLite::Database open_store(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA foreign_keys = ON");
  db.setBusyTimeout(10000);
  SQLite::Transaction tx(db);
  const bool had_run = db.tableExists("run");
  if (had_run) {
    bool has_ranks = false;
    SQLite::Statement columns(db, "PRAGMA table_info(run)");
    while (columns.executeStep()) has_ranks = has_ranks || columns.getColumn(1).getString() == "ranks";
    if (!has_ranks) db.exec("ALTER TABLE run ADD COLUMN ranks INTEGER NOT NULL DEFAULT 1");
  }
  db.exec(kSchema);
  tx.commit();
  return db;
}

std::string joined(const google::protobuf::RepeatedPtrField<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

std::string store_problem(const std::string& db_path) {
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec)) return "";
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    SQLite::Statement tables(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    tables.executeStep();
    if (tables.getColumn(0).getInt64() > 0 && !db.tableExists("run"))
      return "an SQLite database, but not a jcsim store (it has tables, and no 'run' table)";
  } catch (const std::exception& e) {
    return std::string("not a jcsim store: ") + e.what();
  }
  return "";
}

int64_t append_run(const std::string& db_path, const results::Run& run) {
  try {
    SQLite::Database db = open_store(db_path);
    SQLite::Transaction tx(db);
    const auto& p = run.provenance();
    SQLite::Statement insert_run(db,
                                 "INSERT INTO run (scenario, scenario_file, scenario_hash, scenario_text, start_month, "
                                 "horizon, seed, replications, threads, started_at, seconds, host, jcsim_version, ranks) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
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
    insert_run.bind(14, std::max(p.ranks(), 1));
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
                        "replications, threads, started_at, seconds, host, jcsim_version, ranks FROM run WHERE id = ?");
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
    p->set_ranks(q.getColumn(13).getInt());
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

int64_t append_comparison(const std::string& db_path, const results::Comparison& c, std::optional<int64_t> sweep_id,
                          int point) {
  try {
    SQLite::Database db = open_store(db_path);
    SQLite::Transaction tx(db);
    const auto& p = c.provenance();
    SQLite::Statement insert(db,
                             "INSERT INTO comparison (base_scenario, base_file, base_hash, base_text, variant_scenario, "
                             "variant_file, variant_hash, variant_text, assignments, start_month, horizon, seed, "
                             "replications, threads, ranks, started_at, seconds, host, jcsim_version) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    int k = 0;
    insert.bind(++k, p.scenario_name());
    insert.bind(++k, p.scenario_file());
    insert.bind(++k, p.scenario_hash());
    insert.bind(++k, c.base_text());
    insert.bind(++k, c.variant_name());
    insert.bind(++k, c.variant_file());
    insert.bind(++k, c.variant_hash());
    insert.bind(++k, c.variant_text());
    insert.bind(++k, joined(c.assignment()));
    insert.bind(++k, p.start_month());
    insert.bind(++k, p.horizon_months());
    insert.bind(++k, static_cast<int64_t>(p.seed()));
    insert.bind(++k, p.replications());
    insert.bind(++k, p.threads());
    insert.bind(++k, std::max(p.ranks(), 1));
    insert.bind(++k, p.started_at());
    insert.bind(++k, p.seconds());
    insert.bind(++k, p.host());
    insert.bind(++k, p.jcsim_version());
    insert.exec();
    const int64_t id = db.getLastInsertRowid();
    SQLite::Statement diff(db, "INSERT INTO difference VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    const int horizon = std::max(p.horizon_months(), 1);
    for (int n = 0; n < c.difference_size(); ++n) {
      const auto& d = c.difference(n);
      k = 0;
      diff.bind(++k, id);
      diff.bind(++k, n / horizon);
      diff.bind(++k, d.metric());
      diff.bind(++k, d.segment());
      diff.bind(++k, d.month());
      for (const double v : {d.base(), d.variant(), d.mean(), d.sd(), d.low(), d.high()}) diff.bind(++k, v);
      diff.exec();
      diff.reset();
    }
    SQLite::Statement year(db, "INSERT INTO year_difference VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (int n = 0; n < c.year_size(); ++n) {
      const auto& y = c.year(n);
      k = 0;
      year.bind(++k, id);
      year.bind(++k, n);
      year.bind(++k, y.label());
      for (const double v : {y.base(), y.variant(), y.mean(), y.sd(), y.low(), y.high(), y.independent_half_width()})
        year.bind(++k, v);
      year.exec();
      year.reset();
    }
    if (sweep_id) {
      SQLite::Statement mark(db, "INSERT INTO sweep_point VALUES (?,?,?)");
      mark.bind(1, *sweep_id);
      mark.bind(2, point);
      mark.bind(3, id);
      mark.exec();
    }
    tx.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot write the comparison to " + db_path + ": " + e.what());
  }
}

results::Comparison read_comparison(const std::string& db_path, int64_t id) {
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT base_scenario, base_file, base_hash, base_text, variant_scenario, variant_file, "
                        "variant_hash, variant_text, assignments, start_month, horizon, seed, replications, threads, "
                        "ranks, started_at, seconds, host, jcsim_version FROM comparison WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) throw std::runtime_error("there is no comparison " + std::to_string(id) + " in " + db_path);
    results::Comparison c;
    auto* p = c.mutable_provenance();
    int k = 0;
    p->set_scenario_name(q.getColumn(k++).getString());
    p->set_scenario_file(q.getColumn(k++).getString());
    p->set_scenario_hash(q.getColumn(k++).getString());
    c.set_base_text(q.getColumn(k++).getString());
    c.set_variant_name(q.getColumn(k++).getString());
    c.set_variant_file(q.getColumn(k++).getString());
    c.set_variant_hash(q.getColumn(k++).getString());
    c.set_variant_text(q.getColumn(k++).getString());
    const std::string assignments = q.getColumn(k++).getString();
    for (size_t at = 0; at < assignments.size();) {
      const size_t nl = std::min(assignments.find('\n', at), assignments.size());
      c.add_assignment(assignments.substr(at, nl - at));
      at = nl + 1;
    }
    p->set_start_month(q.getColumn(k++).getString());
    p->set_horizon_months(q.getColumn(k++).getInt());
    p->set_seed(static_cast<uint64_t>(q.getColumn(k++).getInt64()));
    p->set_replications(q.getColumn(k++).getInt());
    p->set_threads(q.getColumn(k++).getInt());
    p->set_ranks(q.getColumn(k++).getInt());
    p->set_started_at(q.getColumn(k++).getString());
    p->set_seconds(q.getColumn(k++).getDouble());
    p->set_host(q.getColumn(k++).getString());
    p->set_jcsim_version(q.getColumn(k++).getString());
    SQLite::Statement d(db, "SELECT metric, segment, month, base, variant, mean, sd, low, high FROM difference "
                            "WHERE comparison_id = ? ORDER BY series, month");
    d.bind(1, id);
    while (d.executeStep()) {
      auto* x = c.add_difference();
      x->set_metric(d.getColumn(0).getString());
      x->set_segment(d.getColumn(1).getString());
      x->set_month(d.getColumn(2).getString());
      x->set_base(d.getColumn(3).getDouble());
      x->set_variant(d.getColumn(4).getDouble());
      x->set_mean(d.getColumn(5).getDouble());
      x->set_sd(d.getColumn(6).getDouble());
      x->set_low(d.getColumn(7).getDouble());
      x->set_high(d.getColumn(8).getDouble());
    }
    SQLite::Statement y(db, "SELECT label, base, variant, mean, sd, low, high, independent_half_width FROM "
                            "year_difference WHERE comparison_id = ? ORDER BY position");
    y.bind(1, id);
    while (y.executeStep()) {
      auto* x = c.add_year();
      x->set_label(y.getColumn(0).getString());
      x->set_base(y.getColumn(1).getDouble());
      x->set_variant(y.getColumn(2).getDouble());
      x->set_mean(y.getColumn(3).getDouble());
      x->set_sd(y.getColumn(4).getDouble());
      x->set_low(y.getColumn(5).getDouble());
      x->set_high(y.getColumn(6).getDouble());
      x->set_independent_half_width(y.getColumn(7).getDouble());
    }
    return c;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot read " + db_path + ": " + e.what());
  }
}

int64_t begin_sweep(const std::string& db_path, const SweepRecord& s) {
  try {
    SQLite::Database db = open_store(db_path);
    SQLite::Statement insert(db, "INSERT INTO sweep (key, scenario, scenario_file, axes, points, seed, replications, "
                                 "started_at) VALUES (?,?,?,?,?,?,?,?)");
    insert.bind(1, s.key);
    insert.bind(2, s.scenario_name);
    insert.bind(3, s.scenario_file);
    insert.bind(4, s.axes);
    insert.bind(5, s.points);
    insert.bind(6, static_cast<int64_t>(s.seed));
    insert.bind(7, s.replications);
    insert.bind(8, s.started_at);
    insert.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot write the sweep to " + db_path + ": " + e.what());
  }
}

std::optional<SweepRecord> find_sweep(const std::string& db_path, const std::string& key) {
  if (!std::filesystem::exists(db_path)) return std::nullopt;
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    if (!db.tableExists("sweep")) return std::nullopt;
    SQLite::Statement q(db, "SELECT id, key, scenario, scenario_file, axes, points, seed, replications, started_at "
                            "FROM sweep WHERE key = ? ORDER BY id DESC LIMIT 1");
    q.bind(1, key);
    if (!q.executeStep()) return std::nullopt;
    SweepRecord s;
    s.id = q.getColumn(0).getInt64();
    s.key = q.getColumn(1).getString();
    s.scenario_name = q.getColumn(2).getString();
    s.scenario_file = q.getColumn(3).getString();
    s.axes = q.getColumn(4).getString();
    s.points = q.getColumn(5).getInt();
    s.seed = static_cast<uint64_t>(q.getColumn(6).getInt64());
    s.replications = q.getColumn(7).getInt();
    s.started_at = q.getColumn(8).getString();
    return s;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot read " + db_path + ": " + e.what());
  }
}

std::vector<int> finished_points(const std::string& db_path, int64_t sweep_id) {
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT point FROM sweep_point WHERE sweep_id = ? ORDER BY point");
    q.bind(1, sweep_id);
    std::vector<int> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt());
    return out;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot read " + db_path + ": " + e.what());
  }
}

std::vector<results::Comparison> read_sweep(const std::string& db_path, int64_t sweep_id) {
  std::vector<int64_t> ids;
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT comparison_id FROM sweep_point WHERE sweep_id = ? ORDER BY point");
    q.bind(1, sweep_id);
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot read " + db_path + ": " + e.what());
  }
  std::vector<results::Comparison> out;
  for (const int64_t id : ids) out.push_back(read_comparison(db_path, id));
  return out;
}

}  // namespace jcsim::out
