// Phase 1: policy events that take effect this month change the replication's view of the scenario.
#include "engine/sim/phases.h"

namespace jcsim::sim {

void calendar_phase(World& w) {
  using Kind = model::Event::Kind;
  for (const auto& e : w.s.events) {
    if (e.t != w.t) continue;
    auto* ins = e.instrument >= 0 ? &w.instruments[static_cast<size_t>(e.instrument)] : nullptr;
    switch (e.kind) {
      case Kind::kOpen:
        ins->closed = false;
        break;
      case Kind::kClose:
        ins->closed = true;
        break;
      case Kind::kCapacity:
        ins->capacity = e.value;
        break;
      case Kind::kBudget: {
        auto& title = w.titles[static_cast<size_t>(e.other)];
        title.override_year = w.s.month_at(w.t).year();
        title.override_amount = e.value;
        open_title_year(w, static_cast<size_t>(e.other), title.override_year);
        break;
      }
      case Kind::kFunding:
        ins->title = e.other;
        break;
      case Kind::kRate:
        for (size_t g = 0; g < w.rate_factor.size(); ++g)
          if (e.segment_mask >> g & 1u) w.rate_factor[g][static_cast<size_t>(e.rate)] = e.value;
        break;
      case Kind::kRedirect:
        ins->redirect = e.other;
        break;
    }
  }
}

}  // namespace jcsim::sim
