#include "engine/scenario/compile.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace jcsim::scenario {

namespace {

using namespace model;

// Protobuf enums start with UNSPECIFIED = 0; model enums start at the first real value.
template <typename E>
E from_pb(int v) {
  return static_cast<E>(v - 1);
}

template <typename E, typename Repeated>
uint8_t mask_of(const Repeated& values) {
  if (values.empty()) return 0xFF;
  uint8_t m = 0;
  for (const int v : values) m |= uint8_t(1u << static_cast<unsigned>(from_pb<E>(v)));
  return m;
}

class Compiler {
 public:
  explicit Compiler(const pb::Scenario& s) : s_(s) {
    for (int i = 0; i < s.population().segment_size(); ++i) segments_[s.population().segment(i).id()] = i;
    for (int i = 0; i < s.budget_title_size(); ++i) titles_[s.budget_title(i).id()] = i;
    for (int i = 0; i < s.instrument_size(); ++i) instruments_[s.instrument(i).id()] = i;
  }

  Scenario run() {
    Scenario out;
    out.name = s_.name();
    out.description = s_.description();
    out.jobcenter = s_.jobcenter();
    out.start = *parse_month(s_.calendar().start());
    out.horizon = s_.calendar().horizon_months();
    start_ = out.start;
    horizon_ = out.horizon;
    out.population = population();
    out.job_finding = job_finding();
    for (const auto& t : s_.budget_title()) out.budget_titles.push_back(title(t));
    for (const auto& i : s_.instrument()) out.instruments.push_back(instrument(i));
    for (size_t k = 0; k < out.instruments.size(); ++k) {
      const int line = out.instruments[k].line;
      if (line >= 0) out.instruments[static_cast<size_t>(line)].parts.push_back(static_cast<int>(k));
    }
    for (const auto& k : s_.foerderkette()) out.foerderketten.push_back(chain(k));
    for (const auto& t : s_.team()) out.teams.push_back(team(t));
    for (const auto& e : s_.event()) out.events.push_back(event(e));
    std::stable_sort(out.events.begin(), out.events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    for (const auto& t : s_.target()) out.targets.push_back({t.metric(), t.year(), t.value().value()});
    if (s_.simulation().replications() > 0) out.default_replications = s_.simulation().replications();
    if (s_.has_simulation()) out.default_seed = s_.simulation().seed();
    return out;
  }

 private:
  int offset(const std::string& month) const { return *parse_month(month) - start_; }

  uint64_t segment_mask(const google::protobuf::RepeatedPtrField<std::string>& ids) const {
    if (ids.empty()) return ~uint64_t{0};
    uint64_t m = 0;
    for (const auto& id : ids) m |= uint64_t{1} << segments_.at(id);
    return m;
  }

  Condition condition(const pb::Condition& c) const {
    Condition out;
    out.age_mask = mask_of<AgeGroup>(c.age_group());
    out.sex_mask = mask_of<Sex>(c.sex());
    out.household_mask = mask_of<Household>(c.household());
    out.migration_mask = mask_of<Migration>(c.migration());
    out.qualification_mask = mask_of<Qualification>(c.qualification());
    out.health_mask = mask_of<Health>(c.health());
    out.distance_mask = mask_of<Distance>(c.distance());
    if (c.language_min() != 0) out.language_min = static_cast<uint8_t>(c.language_min() - 1);
    if (c.language_max() != 0) out.language_max = static_cast<uint8_t>(c.language_max() - 1);
    if (c.has_benefit_months_24_min()) out.bm24_min = static_cast<int16_t>(c.benefit_months_24_min());
    if (c.has_benefit_months_24_max()) out.bm24_max = static_cast<int16_t>(c.benefit_months_24_max());
    if (c.has_benefit_months_84_min()) out.bm84_min = static_cast<int16_t>(c.benefit_months_84_min());
    if (c.has_benefit_months_84_max()) out.bm84_max = static_cast<int16_t>(c.benefit_months_84_max());
    if (c.has_unemployed_months_min()) out.unemployed_min = static_cast<int16_t>(c.unemployed_months_min());
    if (c.has_unemployed_months_max()) out.unemployed_max = static_cast<int16_t>(c.unemployed_months_max());
    if (c.has_lzb()) out.lzb = c.lzb() ? 1 : 0;
    if (c.has_children()) out.children = c.children() ? 1 : 0;
    out.segment_mask = segment_mask(c.segment());
    out.seal();
    return out;
  }

  Eligibility eligibility(const google::protobuf::RepeatedPtrField<pb::Condition>& any_of) const {
    Eligibility e;
    for (const auto& c : any_of) e.any_of.push_back(condition(c));
    return e;
  }

  static MonthsDist months(const pb::MonthsDist& d) {
    MonthsDist out;
    for (const auto& b : d.bin()) out.bins.push_back({b.from(), b.to(), b.share()});
    return out;
  }

  // A piecewise-constant schedule expanded to one value per month of the horizon.
  std::vector<double> schedule(const google::protobuf::RepeatedPtrField<pb::Period>& periods) const {
    std::vector<double> out(static_cast<size_t>(horizon_), 0.0);
    for (int i = 0; i < periods.size(); ++i) {
      const int from = periods.Get(i).from().empty() ? 0 : offset(periods.Get(i).from());
      for (int t = std::max(from, 0); t < horizon_; ++t) out[static_cast<size_t>(t)] = periods.Get(i).value().value();
    }
    return out;
  }

  static std::array<double, kIntegrationKinds> kinds(const pb::IntegrationKinds& k) {
    return {k.employment(), k.ausbildung(), k.self_employment()};
  }

  Population population() const {
    const auto& p = s_.population();
    Population out;
    out.elb_per_bg = p.elb_per_bg().value();
    out.lzb_min_months = static_cast<int>(p.lzb_min_months().value());
    out.return_window_months = static_cast<int>(p.return_window_months().value());
    out.reprofile_hazard = p.reprofile_hazard().value();
    for (const auto& seg : p.segment()) {
      Segment o;
      o.id = seg.id();
      o.name = seg.name();
      o.initial_stock = seg.initial_stock().value();
      o.inflow = schedule(seg.inflow());
      const auto& a = seg.attributes();
      o.attributes.age = {a.age().u25(), a.age().a25_54(), a.age().a55_57(), a.age().a58_plus()};
      o.attributes.sex = {a.sex().female(), a.sex().male()};
      o.attributes.household = {a.household().single(), a.household().single_parent(),
                                a.household().couple_no_children(), a.household().couple_with_children()};
      o.attributes.migration = {a.migration().none(), a.migration().eu(), a.migration().third_country(),
                                a.migration().refugee_ukraine(), a.migration().refugee_other()};
      o.attributes.language = {a.language().none(), a.language().a1(), a.language().a2(), a.language().b1(),
                               a.language().b2_plus()};
      o.attributes.qualification = {a.qualification().no_vocational(), a.qualification().vocational(),
                                    a.qualification().academic()};
      o.attributes.health = {a.health().no_limitation(), a.health().limitation(), a.health().severe_disability(),
                             a.health().rehabilitation()};
      o.attributes.distance = {a.distance().marktnah(), a.distance().marktfern()};
      o.attributes.benefit_months_24 = months(a.benefit_months_24());
      o.attributes.benefit_months_84_extra = months(a.benefit_months_84_extra());
      o.attributes.unemployed_months = months(a.unemployed_months());
      o.job_finding_hazard = seg.job_finding_hazard().value();
      for (const auto& e : seg.exit()) o.exits.push_back({e.reason(), e.hazard().value(), condition(e.when())});
      o.integration_kinds = seg.has_integration_kinds() ? kinds(seg.integration_kinds())
                                                        : kinds(s_.job_finding().integration_kinds());
      out.segments.push_back(std::move(o));
    }
    return out;
  }

  JobFinding job_finding() const {
    const auto& j = s_.job_finding();
    JobFinding out;
    out.language_factor = {j.language().none(), j.language().a1(), j.language().a2(), j.language().b1(),
                           j.language().b2_plus()};
    for (const auto& d : j.duration()) out.duration.push_back({d.from_months(), d.factor().value()});
    if (out.duration.empty()) out.duration.push_back({0, 1.0});
    out.contact_reference = j.contact_reference().value();
    out.contact_elasticity = j.contact_elasticity().value();
    out.contact_factor_min = j.contact_factor_min().value();
    out.contact_factor_max = j.contact_factor_max().value();
    out.marktfern_factor = j.marktfern_factor().value();
    out.integration_kinds = kinds(j.integration_kinds());
    out.ends_benefit_share = j.ends_benefit_share().value();
    out.not_sustained_share = j.not_sustained_share().value();
    out.working_elb_exit_hazard = j.working_elb_exit_hazard().value();
    return out;
  }

  static BudgetTitle title(const pb::BudgetTitle& t) {
    BudgetTitle out;
    out.id = t.id();
    out.name = t.name();
    out.kind = from_pb<BudgetKind>(t.kind());
    out.overdraft_share = t.overdraft_share().value();
    for (const auto& y : t.year())
      out.years.push_back({y.year(), y.amount().value(), y.shift_to_administration().value(),
                           y.commitments().value()});
    std::sort(out.years.begin(), out.years.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
    return out;
  }

  Instrument instrument(const pb::Instrument& i) const {
    Instrument out;
    out.id = i.id();
    out.name = i.name();
    out.legal_basis = i.legal_basis();
    out.target_group = i.target_group();
    out.group = from_pb<InstrumentGroup>(i.group());
    out.is_p16i = i.legal_basis().rfind("§16i", 0) == 0;
    out.budget_title = titles_.at(i.budget_title());
    out.capacity_unit = from_pb<CapacityUnit>(i.capacity().unit());
    out.capacity = i.capacity().amount().value();
    if (i.capacity().per_quarter_size() == 4) {
      double total = 0, sum = 0;
      for (const auto& q : i.capacity().per_quarter()) total += q.value();
      for (int k = 0; k < 4 && total > 0; ++k)
        out.quarter_open[static_cast<size_t>(k)] = (sum += i.capacity().per_quarter(k).value()) / total;
    }
    if (i.has_employment()) {
      const auto& e = i.employment();
      out.is_employment = true;
      out.employment.approval_months = static_cast<int>(e.approval_months().value());
      out.employment.max_months = static_cast<int>(e.max_months().value());
      out.employment.extension_probability = e.extension_probability().value();
      out.employment.job_hazard = e.job_hazard().value();
      out.employment.dismissal_hazard = e.dismissal_hazard().value();
      out.employment.at_end_job_share = e.at_end_job_share().value();
      for (const auto& f : e.cost_factor_by_year()) out.employment.cost_factor_by_year.push_back(f.value());
      out.employment.coaching_months = static_cast<int>(e.coaching_months().value());
      out.employment.retention_months = static_cast<int>(e.retention_months().value());
      out.duration_min = out.employment.approval_months;
      out.duration_max = out.employment.approval_months;
    } else if (i.has_duration()) {
      out.duration_min = static_cast<int>(i.duration().min_months().value());
      out.duration_max = static_cast<int>(i.duration().max_months().value());
    }
    for (const auto& host : i.supplement_to()) out.supplement_to.push_back(instruments_.at(host));
    if (!i.part_of().empty()) out.line = instruments_.at(i.part_of());
    if (!i.cofinance_title().empty()) {
      out.cofinance_title = titles_.at(i.cofinance_title());
      out.cofinance_share = i.cofinance_share().value();
    }
    out.cost_per_month = i.cost_per_month().value();
    out.cost_once = i.cost_once().value();
    out.eligible = eligibility(i.eligible());
    out.dropout_hazard = i.dropout_hazard().value();
    out.lock_in = i.has_lock_in() ? i.lock_in().value() : 1.0;  // supplements and flat lines lock nobody in
    if (i.has_post_effect()) {
      out.post_multiplier = i.post_effect().multiplier().value();
      out.post_half_life = i.post_effect().half_life_months().value();
    }
    out.counts_as_integration = i.counts_as_integration();
    if (i.integration_kind() != 0) out.integration_kind = from_pb<IntegrationKind>(i.integration_kind());
    out.participants_remain_elb = i.participants_remain_elb();
    if (!i.available_from().empty()) out.available_from = offset(i.available_from());
    if (!i.available_until().empty()) out.available_until = offset(i.available_until());
    if (i.has_initial()) {
      out.initial.count = i.initial().count().value();
      out.initial.elapsed = months(i.initial().elapsed());
      out.initial.segment_mask = segment_mask(i.initial().segment());
    }
    if (i.has_completion()) {
      out.completion.success_probability = i.completion().success_probability().value();
      if (i.completion().raises_language_to() != 0)
        out.completion.language = static_cast<int8_t>(i.completion().raises_language_to() - 1);
      if (i.completion().raises_qualification_to() != 0)
        out.completion.qualification = static_cast<int8_t>(i.completion().raises_qualification_to() - 1);
    }
    for (const auto& p : i.plan())
      out.plan.push_back({p.year(), p.planned().value(), p.spent().value(), p.commitments().value(),
                          p.capacity().value()});
    return out;
  }

  Foerderkette chain(const pb::Foerderkette& k) const {
    Foerderkette out;
    out.id = k.id();
    out.name = k.name();
    out.target_group = eligibility(k.target_group());
    out.participation = k.participation().value();
    std::map<std::string, int> stage_index;
    for (int i = 0; i < k.stage_size(); ++i) stage_index[k.stage(i).id()] = i;
    out.start = stage_index.at(k.start());
    for (const auto& st : k.stage()) {
      Stage o;
      o.id = st.id();
      o.instrument = instruments_.at(st.instrument());
      o.wait_max_months = static_cast<int>(st.wait_max_months().value());
      for (const auto& r : st.next()) {
        Rule rule;
        rule.when = condition(r.when());
        for (const auto& t : r.target()) {
          Target tg;
          tg.probability = t.probability();
          if (t.to_case() == pb::Target::kStage)
            tg.stage = stage_index.at(t.stage());
          else
            tg.exit = from_pb<ChainExit>(t.exit());
          rule.targets.push_back(tg);
        }
        o.next.push_back(std::move(rule));
      }
      out.stages.push_back(std::move(o));
    }
    return out;
  }

  Team team(const pb::Team& t) const {
    Team out;
    out.id = t.id();
    out.name = t.name();
    out.role = from_pb<TeamRole>(t.role());
    out.positions = t.positions().value();
    out.fte = t.fte().value();
    out.turnover_hazard = t.turnover_hazard().value();
    out.hiring_lag_months = static_cast<int>(t.hiring_lag_months().value());
    out.contacts_per_fte_month = t.contacts_per_fte_month().value();
    out.serves = eligibility(t.serves());
    out.caseload_basis = from_pb<CaseloadBasis>(t.caseload_basis());
    out.guide_value = t.guide_value().value();
    out.observed_caseload = t.observed_caseload().value();
    return out;
  }

  Event event(const pb::PolicyEvent& e) const {
    Event out;
    out.id = e.id();
    out.name = e.name();
    out.t = offset(e.effective());
    switch (e.change_case()) {
      case pb::PolicyEvent::kOpenInstrument:
        out.kind = Event::Kind::kOpen;
        out.instrument = instruments_.at(e.open_instrument());
        break;
      case pb::PolicyEvent::kCloseInstrument:
        out.kind = Event::Kind::kClose;
        out.instrument = instruments_.at(e.close_instrument());
        break;
      case pb::PolicyEvent::kCapacity:
        out.kind = Event::Kind::kCapacity;
        out.instrument = instruments_.at(e.capacity().instrument());
        out.value = e.capacity().amount().value();
        break;
      case pb::PolicyEvent::kBudget:
        out.kind = Event::Kind::kBudget;
        out.other = titles_.at(e.budget().title());
        out.value = e.budget().amount().value();
        break;
      case pb::PolicyEvent::kFunding:
        out.kind = Event::Kind::kFunding;
        out.instrument = instruments_.at(e.funding().instrument());
        out.other = titles_.at(e.funding().title());
        break;
      case pb::PolicyEvent::kRate:
        out.kind = Event::Kind::kRate;
        out.rate = from_pb<Event::Rate>(e.rate().kind());
        out.segment_mask = segment_mask(e.rate().segment());
        out.value = e.rate().factor().value();
        break;
      case pb::PolicyEvent::kRedirect:
        out.kind = Event::Kind::kRedirect;
        out.instrument = instruments_.at(e.redirect().from());
        out.other = instruments_.at(e.redirect().to());
        break;
      case pb::PolicyEvent::CHANGE_NOT_SET:
        break;  // rejected by the validator
    }
    return out;
  }

  const pb::Scenario& s_;
  Month start_;
  int horizon_ = 0;
  std::map<std::string, int> segments_, titles_, instruments_;
};

}  // namespace

model::Scenario compile(const pb::Scenario& s) { return Compiler(s).run(); }

}  // namespace jcsim::scenario
