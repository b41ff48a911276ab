// Förderketten: stages, rules and targets, and the graph proof that every stage reaches an exit.
//
// Each chain becomes a directed graph: one vertex per stage plus one vertex "exit" for all chain exits
// (Beschäftigung, Ausbildung, pool). Edges are targets with positive probability. Conditions are not evaluated
// (any rule may apply to someone), so the proof is about the designed routes; dropouts are leaks, not routes.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>

#include "engine/scenario/checker.h"
#include "engine/util/text.h"

namespace jcsim::scenario {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

template <typename G>
std::vector<bool> reachable_from(const G& g, int source) {
  std::vector<boost::default_color_type> color(boost::num_vertices(g), boost::white_color);
  boost::breadth_first_search(
      g, boost::vertex(static_cast<size_t>(source), g),
      boost::visitor(boost::default_bfs_visitor())
          .color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g))));
  std::vector<bool> seen(color.size());
  for (size_t v = 0; v < color.size(); ++v) seen[v] = color[v] != boost::white_color;
  return seen;
}

void check_graph(Checker& c, const Loc& kl, const pb::Foerderkette& k, const std::map<std::string, int>& stage_index,
                 int start) {
  const int n = k.stage_size();
  const int exit = n;
  Graph g(static_cast<size_t>(n + 1));
  for (int i = 0; i < n; ++i)
    for (const auto& rule : k.stage(i).next())
      for (const auto& t : rule.target()) {
        if (!(t.probability() > 0)) continue;
        if (t.to_case() == pb::Target::kExit && t.exit() != pb::CHAIN_EXIT_UNSPECIFIED) {
          boost::add_edge(static_cast<size_t>(i), static_cast<size_t>(exit), g);
        } else if (t.to_case() == pb::Target::kStage) {
          const auto it = stage_index.find(t.stage());
          if (it != stage_index.end()) boost::add_edge(static_cast<size_t>(i), static_cast<size_t>(it->second), g);
        }
      }
  const std::string what = fmt::format("Förderkette '{}'", k.id());

  // Every stage must reach an exit: search backwards from the exit vertex.
  const auto reaches_exit = reachable_from(boost::make_reverse_graph(g), exit);
  std::vector<int> component(static_cast<size_t>(n + 1));
  boost::strong_components(g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<bool> reported(static_cast<size_t>(n + 1), false);
  for (int i = 0; i < n; ++i) {
    // A stage without rules, or with a rule without targets, is reported where its rules are checked.
    bool incomplete = k.stage(i).next_size() == 0;
    for (const auto& rule : k.stage(i).next()) incomplete |= rule.target_size() == 0;
    if (incomplete) continue;
    if (reaches_exit[static_cast<size_t>(i)] || reported[static_cast<size_t>(component[static_cast<size_t>(i)])])
      continue;
    std::vector<std::string> members;
    for (int j = 0; j < n; ++j)
      if (component[static_cast<size_t>(j)] == component[static_cast<size_t>(i)]) members.push_back(k.stage(j).id());
    bool self_loop = false;
    for (const auto e : boost::make_iterator_range(boost::out_edges(static_cast<size_t>(i), g)))
      self_loop |= boost::target(e, g) == static_cast<size_t>(i);
    const SourcePos pos = kl.in(k, "stage", i).pos();
    if (members.size() > 1 || self_loop) {
      reported[static_cast<size_t>(component[static_cast<size_t>(i)])] = true;
      members.push_back(members.front());
      c.error(pos, fmt::format("{}: the stages {} form a cycle with no way out; add a target that leads to an exit "
                               "(BESCHAEFTIGUNG, AUSBILDUNG or POOL)",
                               what, fmt::join(members, " -> ")));
    } else {
      c.error(pos, fmt::format("{}: stage '{}' never reaches an exit (BESCHAEFTIGUNG, AUSBILDUNG or POOL)", what,
                               k.stage(i).id()));
    }
  }
  // Stages nobody can get to are dead text: likely a forgotten target.
  if (start >= 0) {
    const auto from_start = reachable_from(g, start);
    for (int i = 0; i < n; ++i)
      if (!from_start[static_cast<size_t>(i)])
        c.warning(kl.in(k, "stage", i).pos(), fmt::format("{}: stage '{}' cannot be reached from the start stage '{}'",
                                                          what, k.stage(i).id(), k.start()));
  }
}

void check_chain(Checker& c, const Loc& kl, const pb::Foerderkette& k) {
  const std::string what = fmt::format("Förderkette '{}'", k.id());
  if (k.name().empty()) c.error(kl.pos(), fmt::format("{}: name is missing", what));
  for (int i = 0; i < k.target_group_size(); ++i) c.condition(kl.in(k, "target_group", i), k.target_group(i), what);
  c.num(kl, k, "participation", what, Range::probability(), Need::kRequired);
  if (k.stage_size() == 0) {
    c.error(kl.pos(), fmt::format("{}: has no stage; declare at least one stage {{ id instrument next }}", what));
    return;
  }
  std::map<std::string, int> stage_index;
  std::vector<std::string> stage_ids;
  for (int i = 0; i < k.stage_size(); ++i) {
    const auto& st = k.stage(i);
    const Loc sl = kl.in(k, "stage", i);
    // An id of the wrong form is still registered, so that references to it do not cascade into more errors.
    if (!is_valid_id(st.id()))
      c.error(st.id().empty() ? sl.pos() : sl.at(st, "id"),
              fmt::format("{}: stage #{}: id '{}' is not a valid id; allowed: lower-case letters, digits and '_', "
                          "starting with a letter",
                          what, i + 1, st.id()));
    if (!st.id().empty() && !stage_index.emplace(st.id(), i).second)
      c.error(sl.at(st, "id"), fmt::format("{}: stage '{}' is declared twice", what, st.id()));
    else if (!st.id().empty())
      stage_ids.push_back(st.id());
  }
  int start = -1;
  if (k.start().empty()) {
    c.error(kl.pos(), fmt::format("{}: start is missing; allowed: the id of one of its stages", what));
  } else if (const auto it = stage_index.find(k.start()); it == stage_index.end()) {
    c.error(kl.at(k, "start"), fmt::format("{}: start '{}' is not one of its stages{}", what, k.start(),
                                           did_you_mean(k.start(), stage_ids)));
  } else {
    start = it->second;
  }
  for (int i = 0; i < k.stage_size(); ++i) {
    const auto& st = k.stage(i);
    const Loc sl = kl.in(k, "stage", i);
    const std::string sw = fmt::format("{}: stage '{}'", what, st.id());
    if (c.ref(sl, st, "instrument", st.instrument(), c.instruments, sw)) {
      const auto& ins = c.scenario().instrument(c.instruments.index.find(st.instrument())->second);
      if (ins.supplement_to_size() > 0 || ins.capacity().unit() == pb::FLAT_RATE)
        c.error(sl.at(st, "instrument"), fmt::format("{}: instrument '{}' is {}; nobody takes part in it as a stage",
                                                     sw, st.instrument(),
                                                     ins.supplement_to_size() > 0 ? "a supplement" : "a FLAT_RATE line"));
    }
    c.num(sl, st, "wait_max_months", sw, Range::whole(0, 120), Need::kOptional);
    if (st.next_size() == 0) {
      c.error(sl.pos(), fmt::format("{}: has no next rule, so people who finish it have nowhere to go; add next "
                                    "{{ target {{ exit: POOL probability: 1 }} }} to return them to counselling",
                                    sw));
      continue;
    }
    for (int r = 0; r < st.next_size(); ++r) {
      const auto& rule = st.next(r);
      const Loc rl = sl.in(st, "next", r);
      const std::string rw = fmt::format("{}: next[{}]", sw, r + 1);
      if (rule.has_when()) c.condition(rl.in(rule, "when"), rule.when(), rw);
      if (r == st.next_size() - 1 && rule.has_when())
        c.error(rl.at(rule, "when"), fmt::format("{}: the last rule has a condition, so people for whom no "
                                                 "condition holds have nowhere to go; remove 'when' from the last "
                                                 "rule",
                                                 rw));
      if (rule.target_size() == 0) {
        c.error(rl.pos(), fmt::format("{}: has no target", rw));
        continue;
      }
      double sum = 0;
      bool ok = true;
      for (int t = 0; t < rule.target_size(); ++t) {
        const auto& tg = rule.target(t);
        const Loc tl = rl.in(rule, "target", t);
        const std::string tw = fmt::format("{}: target[{}]", rw, t + 1);
        ok &= c.scalar(tl, tg, "probability", tg.probability(), tw, Range::probability());
        sum += tg.probability();
        if (tg.to_case() == pb::Target::TO_NOT_SET) {
          c.error(tl.pos(), fmt::format("{}: says neither stage nor exit", tw));
        } else if (tg.to_case() == pb::Target::kStage) {
          if (stage_index.find(tg.stage()) == stage_index.end())
            c.error(tl.at(tg, "stage"), fmt::format("{}: stage '{}' is not a stage of this chain{}", tw, tg.stage(),
                                                    did_you_mean(tg.stage(), stage_ids)));
        } else if (tg.exit() == pb::CHAIN_EXIT_UNSPECIFIED) {
          c.error(tl.at(tg, "exit"), fmt::format("{}: exit is unspecified; allowed: BESCHAEFTIGUNG, AUSBILDUNG, POOL",
                                                 tw));
        }
      }
      if (ok && std::fabs(sum - 1.0) > 1e-6)
        c.error(rl.pos(), fmt::format("{}: the target probabilities sum to {}; they must sum to 1", rw,
                                      format_sum(sum)));
    }
  }
  check_graph(c, kl, k, stage_index, start);
}

}  // namespace

void validate_chains(Checker& c) {
  const auto& s = c.scenario();
  for (int i = 0; i < s.foerderkette_size(); ++i) check_chain(c, c.root().in(s, "foerderkette", i), s.foerderkette(i));
}

}  // namespace jcsim::scenario
