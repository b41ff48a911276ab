// Phase 7: participants' month. (months_in counts the months paid; accounting advances it.) Measures end by dropout or completion (which may raise the language
// level or qualification, starts the post-programme effect, and leads to the next stage of the Förderkette).
// Subsidised employment (§16i, §16e) runs in approval periods: a monthly chance of an unsubsidised job or of a
// dismissal; at the end of a period an extension or an exit; at the maximum a forced exit, to a job or back to
// benefits.
#include <algorithm>

#include "engine/sim/agent_steps.h"
#include "engine/util/assert.h"

namespace jcsim::sim {

namespace {

// A participation ends without a job (dropout, dismissal, a subsidy that ends): back to regular counselling, in
// benefits, the Förderkette given up.
void back_to_pool(World& w, size_t i, Tally& tally) {
  auto& a = w.agents;
  w.leave_instrument(i, tally);
  a.status[i] = static_cast<uint8_t>(Status::kSeeking);
  a.chain[i] = kNone;
  a.stage[i] = kNone;
  w.back_to_benefits(i);
}

// The subsidy ends (approval not extended, or the maximum reached): a share stays employed, the rest returns.
void end_subsidy(World& w, size_t i, Tally& tally, bool at_max) {
  auto& a = w.agents;
  const auto& x = w.s.instruments[static_cast<size_t>(a.instrument[i])];
  const auto words = w.rng.words(a.id[i], w.t, Purpose::kSubsidy);
  if (at_max && x.is_p16i) ++w.flags[i].subsidy_max_exit;
  if (u01(words[1]) <= x.employment.at_end_job_share) {
    if (x.is_p16i) ++w.flags[i].subsidy_to_job;
    w.integrate(i, model::IntegrationKind::kEmployment, tally);
  } else {
    back_to_pool(w, i, tally);
  }
}

void subsidised_month(World& w, size_t i, const MonthDraws& draws, Tally& tally) {
  auto& a = w.agents;
  const auto& x = w.s.instruments[static_cast<size_t>(a.instrument[i])];
  const auto& rules = x.employment;
  JCSIM_ASSERT(a.subsidy_months[i] <= rules.max_months, "subsidised employment beyond its maximum");
  const double u = draws.uniform(2);
  if (u <= rules.job_hazard) {
    if (x.is_p16i) ++w.flags[i].subsidy_to_job;
    w.integrate(i, model::IntegrationKind::kEmployment, tally);
    return;
  }
  if (u <= rules.job_hazard + rules.dismissal_hazard) {
    back_to_pool(w, i, tally);
    return;
  }
  if (a.months_in[i] < a.duration[i]) return;
  if (a.subsidy_months[i] >= rules.max_months) {
    end_subsidy(w, i, tally, true);
    return;
  }
  const auto ws = w.rng.words(a.id[i], w.t, Purpose::kSubsidy);
  if (u01(ws[0]) <= rules.extension_probability) {
    w.flags[i].extension_pending = 1;  // the review says extend; the budget decides in the assignment phase
    return;
  }
  end_subsidy(w, i, tally, false);
}

}  // namespace

void extend_or_end_subsidy(World& w, size_t i, Tally& tally) {
  auto& a = w.agents;
  const int ins = a.instrument[i];
  const auto& rules = w.s.instruments[static_cast<size_t>(ins)].employment;
  const int months = std::min(rules.approval_months, rules.max_months - a.subsidy_months[i]);
  if (!w.can_commit(ins, a.subsidy_months[i], months, a.precommitted[i])) {
    end_subsidy(w, i, tally, false);
    return;
  }
  a.months_in[i] = 0;
  a.duration[i] = static_cast<uint8_t>(months);
  // An initial cohort's months of the start year are in the declared commitments; later years are bound now.
  w.commit(ins, a.subsidy_months[i], months, +1, nullptr, a.precommitted[i] ? 1 : 0);
}

void progress_step(World& w, size_t i, const MonthDraws& draws, Tally& tally) {
  auto& a = w.agents;
  if (a.status[i] != static_cast<uint8_t>(Status::kMeasure)) return;
  const int ins = a.instrument[i];
  const auto& x = w.s.instruments[static_cast<size_t>(ins)];
  if (x.is_employment) {
    subsidised_month(w, i, draws, tally);
    return;
  }
  const double dropout =
      x.dropout_hazard * w.rate_factor[a.segment[i]][static_cast<size_t>(model::Event::Rate::kDropout)];
  if (draws.below(2, dropout)) {
    back_to_pool(w, i, tally);
    return;
  }
  if (a.months_in[i] < a.duration[i]) return;
  // Completion.
  const bool job_like = w.job_like(ins);
  w.leave_instrument(i, tally);
  const auto wc = w.rng.words(a.id[i], w.t, Purpose::kChain);
  if (u01(wc[2]) <= x.completion.success_probability) {
    if (x.completion.language >= 0) a.language[i] = std::max<uint8_t>(a.language[i], static_cast<uint8_t>(x.completion.language));
    if (x.completion.qualification >= 0)
      a.qualification[i] = std::max<uint8_t>(a.qualification[i], static_cast<uint8_t>(x.completion.qualification));
    w.set_profile_bits(i);
  }
  a.post_instrument[i] = static_cast<int16_t>(ins);
  a.post_months[i] = 0;
  a.status[i] = static_cast<uint8_t>(job_like ? Status::kEmployed : Status::kSeeking);
  w.next_stage(i, tally);
}

}  // namespace jcsim::sim
