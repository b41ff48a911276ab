// jcsim: the command line. Thin by design: parse flags, call the library, print. The contract (subcommands,
// flags, exit codes) is in ../shared/DESIGN.md and README.md; scripts depend on it.
//
// Exit codes: 0 success, 2 bad input or usage, 1 internal error.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/scenario/load.h"

namespace {

constexpr int kOk = 0, kInternal = 1, kBadInput = 2;

void print_diagnostics(const jcsim::Diagnostics& diags) {
  for (const auto& d : diags.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
}

struct ValidateFlags {
  std::vector<std::string> files;
  bool strict = false;
  size_t max_file_bytes = jcsim::scenario::LoadOptions{}.max_file_bytes;
};

int cmd_validate(const ValidateFlags& f) {
  bool any_invalid = false;
  for (const auto& file : f.files) {
    jcsim::scenario::LoadOptions options;
    options.strict = f.strict;
    options.max_file_bytes = f.max_file_bytes;
    const auto result = jcsim::scenario::load_file(file, options);
    print_diagnostics(result.diagnostics);
    const int errors = result.diagnostics.error_count(), warnings = result.diagnostics.warning_count();
    if (errors > 0) {
      any_invalid = true;
      std::printf("%s: invalid (%d error%s, %d warning%s)\n", file.c_str(), errors, errors == 1 ? "" : "s", warnings,
                  warnings == 1 ? "" : "s");
    } else {
      const auto& s = *result.scenario;
      std::printf("%s: valid (%d warning%s): '%s', %s + %d months, %zu segments, %zu instruments, %zu "
                  "Förderketten, %zu teams, %zu events\n",
                  file.c_str(), warnings, warnings == 1 ? "" : "s", s.name.c_str(), s.start.str().c_str(), s.horizon,
                  s.population.segments.size(), s.instruments.size(), s.foerderketten.size(), s.teams.size(),
                  s.events.size());
    }
  }
  return any_invalid ? kBadInput : kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jcsim: case-management and caseload simulation for Jobcenter strategy staff"};
  app.set_version_flag("--version", std::string("jcsim ") + JCSIM_VERSION);
  app.require_subcommand(1);

  ValidateFlags vf;
  auto* validate = app.add_subcommand("validate", "Check scenario files; exit 0 if all are valid, 2 otherwise");
  validate->add_option("SCENARIO", vf.files, "Scenario files (Protobuf text format)")->required();
  validate->add_flag("--strict", vf.strict, "Treat warnings as errors");
  validate->add_option("--max-file-bytes", vf.max_file_bytes, "Refuse larger files unread")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 32));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }

  try {
    if (validate->parsed()) return cmd_validate(vf);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jcsim: internal error: %s\n", e.what());
    return kInternal;
  }
  return kBadInput;
}
