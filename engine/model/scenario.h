// The compiled scenario: plain structs, frozen before a run and held `const` by the engine.
//
// Produced only by engine/scenario/compile.cpp from a validated scenario file; every index in here is valid and
// every number is inside the range the validator checked, so the engine needs no further checks on it.
// Time is a month offset t = 0 .. horizon-1 from `start`. Per-month schedules are dense vectors of length
// `horizon`.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/util/month.h"

namespace jcsim::model {

// ---- agent attributes (the order of the enumerators is the order of the distributions' entries) ----------------
enum class AgeGroup : uint8_t { kU25, k25_54, k55_57, k58Plus };
enum class Sex : uint8_t { kFemale, kMale };
enum class Household : uint8_t { kSingle, kSingleParent, kCoupleNoChildren, kCoupleWithChildren };
enum class Migration : uint8_t { kNone, kEu, kThirdCountry, kRefugeeUkraine, kRefugeeOther };
enum class Language : uint8_t { kNone, kA1, kA2, kB1, kB2Plus };
enum class Qualification : uint8_t { kNoVocational, kVocational, kAcademic };
enum class Health : uint8_t { kNone, kLimitation, kSevereDisability, kRehabilitation };
enum class Distance : uint8_t { kMarktnah, kMarktfern };

inline constexpr int kAgeGroups = 4, kSexes = 2, kHouseholds = 4, kMigrations = 5, kLanguages = 5,
                     kQualifications = 3, kHealths = 4, kDistances = 2;
inline constexpr int kMaxSegments = 64;     // segment sets are 64-bit masks
inline constexpr int kMaxTeams = 16;        // team sets are 16-bit masks
inline constexpr int kMaxChains = 127;      // chain and stage numbers are 8 bits
inline constexpr int kMaxStages = 127;
inline constexpr int kMaxInstruments = 4000;  // instrument numbers fit the 12-bit group of agent ids
inline constexpr size_t kMaxCatalogueProjects = 64;  // a line's projects are a 64-bit mask

inline constexpr bool has_children(Household h) {
  return h == Household::kSingleParent || h == Household::kCoupleWithChildren;
}

// The attribute values a predicate looks at, gathered from the agent state.
// Categorical values as one bit each, attribute after attribute (LZB status last: bit 0 not LZB, bit 1 LZB).
// A person has exactly one bit per attribute, so a condition holds on all of them at once when none of the
// person's bits lies outside the condition's allowed bits.
namespace value_bits {
inline constexpr int kAge = 0, kSex = kAge + kAgeGroups, kHousehold = kSex + kSexes,
                     kMigration = kHousehold + kHouseholds, kLanguage = kMigration + kMigrations,
                     kQualification = kLanguage + kLanguages, kHealth = kQualification + kQualifications,
                     kDistance = kHealth + kHealths, kLzb = kDistance + kDistances, kEnd = kLzb + 2;
static_assert(kEnd <= 32, "the value bits must fit 32 bits");
static_assert(kLzb <= 30, "the profile bits (all but LZB) and a segment number fit a 38-bit memo key");
}  // namespace value_bits

// What a condition reads of a person: its categorical values as bits (one per attribute, LZB status included),
// its segment and its month counts. The engine keeps the bits of the attributes that rarely change per agent.
struct Facts {
  uint32_t bits = 0;
  uint8_t segment = 0;
  int16_t benefit_months_24 = 0, benefit_months_84 = 0, unemployed_months = 0;
};

inline constexpr uint32_t lzb_bit(bool lzb) { return uint32_t{1} << (value_bits::kLzb + (lzb ? 1 : 0)); }

// A person described attribute by attribute (tests and tools; the engine builds Facts directly).
struct AgentView {
  AgeGroup age;
  Sex sex;
  Household household;
  Migration migration;
  Language language;
  Qualification qualification;
  Health health;
  Distance distance;
  int16_t benefit_months_24;
  int16_t benefit_months_84;
  int16_t unemployed_months;
  bool lzb;
  uint8_t segment;

  uint32_t value_bits() const {
    return profile_bits(age, sex, household, migration, language, qualification, health, distance) | lzb_bit(lzb);
  }
  Facts facts() const { return {value_bits(), segment, benefit_months_24, benefit_months_84, unemployed_months}; }

  // The value bits of everything but the LZB status.
  static uint32_t profile_bits(AgeGroup age, Sex sex, Household household, Migration migration, Language language,
                               Qualification qualification, Health health, Distance distance) {
    namespace vb = model::value_bits;
    const auto bit = [](int offset, auto v) { return uint32_t{1} << (offset + static_cast<int>(v)); };
    return bit(vb::kAge, age) | bit(vb::kSex, sex) | bit(vb::kHousehold, household) |
           bit(vb::kMigration, migration) | bit(vb::kLanguage, language) | bit(vb::kQualification, qualification) |
           bit(vb::kHealth, health) | bit(vb::kDistance, distance);
  }
};

// A conjunction over attributes; each attribute's allowed values are a bitmask. Default: holds for everyone.
struct Condition {
  uint8_t age_mask = 0xFF, sex_mask = 0xFF, household_mask = 0xFF, migration_mask = 0xFF, qualification_mask = 0xFF,
          health_mask = 0xFF, distance_mask = 0xFF;
  uint8_t language_min = 0, language_max = kLanguages - 1;
  int16_t bm24_min = 0, bm24_max = std::numeric_limits<int16_t>::max();
  int16_t bm84_min = 0, bm84_max = std::numeric_limits<int16_t>::max();
  int16_t unemployed_min = 0, unemployed_max = std::numeric_limits<int16_t>::max();
  int8_t lzb = -1;       // -1 any, 0 not LZB, 1 LZB
  int8_t children = -1;  // -1 any, 0 without, 1 with children
  uint64_t segment_mask = ~uint64_t{0};

  // Whether the condition looks at attributes that change month by month (benefit months, unemployment, LZB)
  // or through measures (language, qualification); age changes once a year and is handled separately.
  bool changes_monthly() const {
    const Condition d;
    return lzb != d.lzb || bm24_min != d.bm24_min || bm24_max != d.bm24_max || bm84_min != d.bm84_min ||
           bm84_max != d.bm84_max || unemployed_min != d.unemployed_min || unemployed_max != d.unemployed_max ||
           language_min != d.language_min || language_max != d.language_max ||
           qualification_mask != d.qualification_mask;
  }

  // Whether the condition reads only attributes that stay while a person waits for a place: no month ranges and
  // no LZB test. (Age, language and qualification change, but only at a new age group or through a measure.)
  bool reads_profile_only() const { return !has_ranges && lzb < 0; }

  // The categorical parts as allowed value bits, and whether a month range restricts: seal() sets them from
  // the fields above once they are final (the scenario compiler does); holds() reads only these and the ranges.
  uint32_t allowed = ~uint32_t{0};
  bool has_ranges = false;
  void seal() {
    namespace vb = value_bits;
    const auto field = [](unsigned mask, int offset, int width) {
      return (mask & ((1u << width) - 1)) << offset;
    };
    unsigned households = household_mask;
    for (int h = 0; h < kHouseholds; ++h)
      if (children >= 0 && (children == 1) != has_children(static_cast<Household>(h))) households &= ~(1u << h);
    unsigned languages = 0;
    for (int l = language_min; l <= language_max && l < kLanguages; ++l) languages |= 1u << l;
    allowed = field(age_mask, vb::kAge, kAgeGroups) | field(sex_mask, vb::kSex, kSexes) |
              field(households, vb::kHousehold, kHouseholds) | field(migration_mask, vb::kMigration, kMigrations) |
              field(languages, vb::kLanguage, kLanguages) |
              field(qualification_mask, vb::kQualification, kQualifications) |
              field(health_mask, vb::kHealth, kHealths) | field(distance_mask, vb::kDistance, kDistances) |
              field(lzb < 0 ? 3u : lzb == 1 ? 2u : 1u, vb::kLzb, 2);
    const Condition d;
    has_ranges = bm24_min != d.bm24_min || bm24_max != d.bm24_max || bm84_min != d.bm84_min ||
                 bm84_max != d.bm84_max || unemployed_min != d.unemployed_min || unemployed_max != d.unemployed_max;
  }

  // The value bits of the attributes the condition restricts (those whose values it does not all allow): holds()
  // depends on no other value bit.
  uint32_t restricted_bits() const {
    namespace vb = value_bits;
    uint32_t out = 0;
    const auto field = [&](int offset, int width) {
      const uint32_t all = ((1u << width) - 1) << offset;
      if ((allowed & all) != all) out |= all;
    };
    field(vb::kAge, kAgeGroups), field(vb::kSex, kSexes), field(vb::kHousehold, kHouseholds);
    field(vb::kMigration, kMigrations), field(vb::kLanguage, kLanguages), field(vb::kQualification, kQualifications);
    field(vb::kHealth, kHealths), field(vb::kDistance, kDistances), field(vb::kLzb, 2);
    return out;
  }

  bool holds(const Facts& a) const {
    if ((a.bits & ~allowed) != 0 || !(segment_mask >> a.segment & 1u)) return false;
    return !has_ranges || (a.benefit_months_24 >= bm24_min && a.benefit_months_24 <= bm24_max &&
                           a.benefit_months_84 >= bm84_min && a.benefit_months_84 <= bm84_max &&
                           a.unemployed_months >= unemployed_min && a.unemployed_months <= unemployed_max);
  }
  bool holds(const AgentView& a) const { return holds(a.facts()); }
};

// A disjunction of conjunctions; empty holds for everyone.
struct Eligibility {
  std::vector<Condition> any_of;
  bool changes_monthly() const {
    for (const auto& c : any_of)
      if (c.changes_monthly()) return true;
    return false;
  }
  bool reads_profile_only() const {
    for (const auto& c : any_of)
      if (!c.reads_profile_only()) return false;
    return true;
  }
  uint32_t restricted_bits() const {
    uint32_t out = 0;
    for (const auto& c : any_of) out |= c.restricted_bits();
    return out;
  }
  bool holds(const Facts& a) const {
    if (any_of.empty()) return true;
    for (const auto& c : any_of)
      if (c.holds(a)) return true;
    return false;
  }
  bool holds(const AgentView& a) const { return any_of.empty() || holds(a.facts()); }
};

// A histogram over whole months, uniform within each bin.
struct MonthsDist {
  struct Bin {
    int from = 0, to = 0;
    double share = 0;
  };
  std::vector<Bin> bins;  // shares sum to 1; empty means "always 0"
};

struct Attributes {
  std::array<double, kAgeGroups> age{};
  std::array<double, kSexes> sex{};
  std::array<double, kHouseholds> household{};
  std::array<double, kMigrations> migration{};
  std::array<double, kLanguages> language{};
  std::array<double, kQualifications> qualification{};
  std::array<double, kHealths> health{};
  std::array<double, kDistances> distance{};
  MonthsDist benefit_months_24, benefit_months_84_extra, unemployed_months;
};

enum class IntegrationKind : uint8_t { kEmployment, kAusbildung, kSelfEmployment };
inline constexpr int kIntegrationKinds = 3;

struct ExitHazard {
  std::string reason;
  double hazard = 0;
  Condition when;
};

struct Segment {
  std::string id, name;
  double initial_stock = 0;
  std::vector<double> inflow;  // per month t, Poisson mean
  Attributes attributes;
  double job_finding_hazard = 0;
  std::vector<ExitHazard> exits;
  std::array<double, kIntegrationKinds> integration_kinds{};
};

struct Population {
  std::vector<Segment> segments;
  double elb_per_bg = 1;
  int lzb_min_months = 21;
  int return_window_months = 12;
  double reprofile_hazard = 0;  // monthly, for ELB without a Förderkette
};

struct JobFinding {
  std::array<double, kLanguages> language_factor{};
  struct DurationStep {
    int from_months = 0;
    double factor = 1;
  };
  std::vector<DurationStep> duration;  // increasing from_months; the first starts at 0
  double contact_reference = 1, contact_elasticity = 0, contact_factor_min = 1, contact_factor_max = 1;
  double marktfern_factor = 1;
  std::array<double, kIntegrationKinds> integration_kinds{};
  double ends_benefit_share = 1, not_sustained_share = 0, working_elb_exit_hazard = 0;
};

enum class BudgetKind : uint8_t { kEgt, kPat, kMunicipal, kSpecial, kExternal };

struct BudgetYear {
  int year = 0;
  double amount = 0, shift_to_administration = 0, commitments = 0;
  double available() const { return amount - shift_to_administration; }
};

struct BudgetTitle {
  std::string id, name;
  BudgetKind kind = BudgetKind::kEgt;
  std::vector<BudgetYear> years;  // ascending year
  double overdraft_share = 0;
  bool limited() const { return kind != BudgetKind::kExternal; }
  const BudgetYear* year(int y) const {
    for (const auto& by : years)
      if (by.year == y) return &by;
    return nullptr;
  }
};

enum class InstrumentGroup : uint8_t {
  kLanguageCourse, kActivation, kPlacementSupport, kFbw, kWageSubsidy, kSelfEmployment, kYouth, kCoaching,
  kWorkOpportunity, kSubsidisedJob, kRehabilitation, kIndividual
};
enum class CapacityUnit : uint8_t { kPlaces, kCasesPerYear, kEntriesPerYear, kOpen, kFlatRate, kCatalogue };

struct SubsidisedEmployment {
  int approval_months = 24, max_months = 60;
  double extension_probability = 0, job_hazard = 0, dismissal_hazard = 0, at_end_job_share = 0;
  std::vector<double> cost_factor_by_year;  // year 1, 2, ...; later years repeat the last entry
  int coaching_months = 0, retention_months = 0;
};

struct PlanYear {
  int year = 0;
  double planned = 0, spent = 0, commitments = 0, capacity = 0;
};

struct Instrument {
  std::string id, name, legal_basis, target_group;
  InstrumentGroup group = InstrumentGroup::kActivation;
  int budget_title = 0;  // index into Scenario::budget_titles
  CapacityUnit capacity_unit = CapacityUnit::kOpen;
  double capacity = 0;
  // CASES/ENTRIES_PER_YEAR: the share of the year's capacity open by the end of each quarter (cumulative).
  std::array<double, 4> quarter_open{1, 1, 1, 1};
  int duration_min = 1, duration_max = 1;
  double cost_per_month = 0, cost_once = 0;
  Eligibility eligible;
  double dropout_hazard = 0, lock_in = 1;
  double post_multiplier = 1, post_half_life = 1;
  bool counts_as_integration = false;
  IntegrationKind integration_kind = IntegrationKind::kEmployment;
  bool is_employment = false;  // subsidised employment: `employment` holds its rules
  bool is_p16i = false;        // §16i Teilhabe am Arbeitsmarkt (legal basis "§16i ..."): its own metrics
  SubsidisedEmployment employment;
  bool participants_remain_elb = false;
  std::vector<int> supplement_to;  // a supplement is paid alongside these instruments; it has no participants
  int cofinance_title = -1;        // a second title pays cofinance_share of every cost
  double cofinance_share = 0;
  int available_from = std::numeric_limits<int>::min();  // month offset t; entries only while inside
  int available_until = std::numeric_limits<int>::max();
  struct Initial {
    double count = 0;
    MonthsDist elapsed;
    uint64_t segment_mask = ~uint64_t{0};
  } initial;
  std::vector<PlanYear> plan;
  struct Completion {
    double success_probability = 0;
    int8_t language = -1;       // raise to at least this Language, -1 none
    int8_t qualification = -1;  // raise to at least this Qualification, -1 none
  } completion;

  double expected_duration() const { return 0.5 * (duration_min + duration_max); }
  bool is_supplement() const { return !supplement_to.empty(); }
  bool is_flat_rate() const { return capacity_unit == CapacityUnit::kFlatRate; }
  // Measure catalogues: a CATALOGUE line's projects (in the order written), and a project's line.
  std::vector<int> parts;
  int line = -1;
  bool is_catalogue() const { return capacity_unit == CapacityUnit::kCatalogue; }
};

enum class ChainExit : uint8_t { kBeschaeftigung, kAusbildung, kPool };

struct Target {
  int stage = -1;  // index into the chain's stages, or -1 for an exit
  ChainExit exit = ChainExit::kPool;
  double probability = 1;
};

struct Rule {
  Condition when;
  std::vector<Target> targets;  // probabilities sum to 1
};

struct Stage {
  std::string id;
  int instrument = 0;
  std::vector<Rule> next;  // the last rule holds for everyone
  int wait_max_months = 0;  // 0 = wait as long as it takes
};

struct Foerderkette {
  std::string id, name;
  Eligibility target_group;
  double participation = 1;
  int start = 0;
  std::vector<Stage> stages;
};

enum class TeamRole : uint8_t { kIntegration, kBenefits, kCaseManagement, kEmployerService };
enum class CaseloadBasis : uint8_t { kPerElb, kPerBg };

struct Team {
  std::string id, name;
  TeamRole role = TeamRole::kIntegration;
  double positions = 0, fte = 0, turnover_hazard = 0;
  int hiring_lag_months = 0;
  double contacts_per_fte_month = 0;
  Eligibility serves;
  CaseloadBasis caseload_basis = CaseloadBasis::kPerElb;
  double guide_value = 0, observed_caseload = 0;
};

// A change that takes effect at the start of month t.
struct Event {
  enum class Kind : uint8_t { kOpen, kClose, kCapacity, kBudget, kFunding, kRate, kRedirect };
  enum class Rate : uint8_t { kJobFinding, kExit, kInflow, kDropout };
  std::string id, name;
  int t = 0;
  Kind kind = Kind::kOpen;
  int instrument = -1;  // kOpen, kClose, kCapacity, kFunding, kRedirect (from)
  int other = -1;       // kBudget, kFunding: title; kRedirect: to-instrument
  Rate rate = Rate::kJobFinding;
  uint64_t segment_mask = ~uint64_t{0};
  double value = 0;
};

struct PlanTarget {
  std::string metric;
  int year = 0;
  double value = 0;
};

struct Scenario {
  std::string name, description, jobcenter;
  Month start;
  int horizon = 12;
  Population population;
  JobFinding job_finding;
  std::vector<BudgetTitle> budget_titles;
  std::vector<Instrument> instruments;
  std::vector<Foerderkette> foerderketten;
  std::vector<Team> teams;
  std::vector<Event> events;  // ascending t, then file order
  std::vector<PlanTarget> targets;
  int default_replications = 100;
  uint64_t default_seed = 1;

  Month month_at(int t) const { return start.plus(t); }
  // The last simulated month t of calendar year `year`, or -1 if the horizon has none.
  int last_t_of_year(int year) const {
    int last = -1;
    for (int t = 0; t < horizon; ++t)
      if (month_at(t).year() == year) last = t;
    return last;
  }
};

}  // namespace jcsim::model
