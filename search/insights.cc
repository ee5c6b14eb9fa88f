#include "search/insights.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "core/schema.h"
#include "search/facet_table.h"

namespace chanjiao::search {
namespace {

constexpr int kMaxMonths = 600;

// Calls fn(i, value) for each of the ascending `ids`, with the document's
// value in `slot` ("" when it has none). One pass over the slot's value
// stream: much cheaper than Document::get_value per document and slot,
// which looks the value up in the B-tree each time.
template <typename Fn>
void for_each_value(const Xapian::Database& db, Xapian::valueno slot,
                    const std::vector<Xapian::docid>& ids, Fn fn) {
  static const std::string kNone;
  Xapian::ValueIterator it = db.valuestream_begin(slot);
  const Xapian::ValueIterator end = db.valuestream_end(slot);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (it != end && it.get_docid() < ids[i]) it.skip_to(ids[i]);
    if (it != end && it.get_docid() == ids[i]) {
      fn(i, *it);
    } else {
      fn(i, kNone);
    }
  }
}

using Counts = std::unordered_map<std::string, Xapian::doccount>;

// Counts by FacetTable value id, named at the end.
class IdCounts {
 public:
  void add(uint32_t id) {
    if (id == FacetTable::kNoValue) return;  // the field is empty
    if (id >= counts_.size()) counts_.resize(id + 1);
    ++counts_[id];
  }
  Xapian::doccount count(uint32_t id) const { return id < counts_.size() ? counts_[id] : 0; }
  template <typename NameOf>
  Counts named(NameOf name_of) const {
    Counts out;
    for (uint32_t id = 1; id < counts_.size(); ++id)
      if (counts_[id] != 0) out[name_of(id)] = counts_[id];
    return out;
  }

 private:
  std::vector<Xapian::doccount> counts_;
};

// The statistics of a set of matching documents, one per collapse group
// (Matcher::collect). Facet fields,
// salaries and skills come from the in-memory FacetTable; only the org and
// the publication day are read from value streams.
class Collected {
 public:
  // `full`: everything demand reports; otherwise only the total, majors and
  // skills (all the gap needs).
  Collected(const Xapian::Database& db, const FacetTable& table, const CollectedMatches& matches,
            bool full)
      : table_(table), total_(static_cast<Xapian::doccount>(matches.ids.size())) {
    const std::vector<const FacetTable::Row*>& rows = matches.rows;
    skill_salaries_.resize(table.skill_count());
    for (const FacetTable::Row* row : rows) {
      if (row == nullptr) continue;
      majors_.add(row->field[schema::kPackMajor]);
      const double salary = salary_of(*row);
      for (uint32_t k = row->skills_begin; k < row->skills_end; ++k) {
        const uint32_t skill = table.skill_ids()[k];
        skills_.add(skill);
        if (full && !std::isnan(salary)) skill_salaries_[skill].push_back(salary);
      }
      if (!full) continue;
      regions_.add(row->field[schema::kPackRegion]);
      const uint32_t education = row->field[schema::kPackEducation];
      educations_.add(education);
      if (std::isnan(salary)) continue;
      salaries_.push_back(salary);
      if (education != FacetTable::kNoValue)
        education_salaries_[table.value(schema::kPackEducation, education)].push_back(salary);
    }
    if (full) read_days_and_orgs(db, matches.ids);
  }

  Xapian::doccount total() const { return total_; }
  const std::vector<double>& salaries() const { return salaries_; }
  const std::map<int64_t, Xapian::doccount>& days() const { return days_; }
  const std::map<std::string, std::vector<double>>& education_salaries() const {
    return education_salaries_;
  }
  Counts educations() const { return named(schema::kPackEducation, educations_); }
  Counts regions() const { return named(schema::kPackRegion, regions_); }
  Counts majors() const { return named(schema::kPackMajor, majors_); }
  const Counts& orgs() const { return orgs_; }
  Counts skills() const {
    return skills_.named([this](uint32_t id) { return table_.skill(id); });
  }
  // Documents asking for `skill` (0 when none does) and their salaries.
  Xapian::doccount skill_count(const std::string& skill) const {
    return skills_.count(skill_id(skill));
  }
  const std::vector<double>& skill_salaries(const std::string& skill) const {
    static const std::vector<double> kNone;
    const uint32_t id = skill_id(skill);
    return id == FacetTable::kNoValue ? kNone : skill_salaries_[id];
  }

 private:
  // A posting's monthly salary: the midpoint of its range, or the one bound
  // given; NaN when it gives none.
  static double salary_of(const FacetTable::Row& row) {
    if (!row.has_salary) return NAN;
    const double midpoint = (row.salary_min + row.salary_max) / 2;
    return midpoint > 0 ? midpoint : NAN;
  }

  // Called for the few top skills of a report: a scan of the vocabulary.
  uint32_t skill_id(const std::string& skill) const {
    for (uint32_t id = 1; id < table_.skill_count(); ++id)
      if (table_.skill(id) == skill) return id;
    return FacetTable::kNoValue;
  }

  Counts named(size_t field, const IdCounts& counts) const {
    return counts.named([this, field](uint32_t id) { return table_.value(field, id); });
  }

  // The two fields the facet table does not hold, one value stream each.
  void read_days_and_orgs(const Xapian::Database& db, const std::vector<Xapian::docid>& ids) {
    for_each_value(db, schema::kPublishedDay, ids, [&](size_t, const std::string& v) {
      if (!v.empty()) ++days_[static_cast<int64_t>(Xapian::sortable_unserialise(v))];
    });
    for_each_value(db, schema::kOrgValue, ids, [&](size_t, const std::string& v) {
      if (!v.empty()) ++orgs_[v];
    });
  }

  const FacetTable& table_;
  Xapian::doccount total_;
  std::vector<double> salaries_;
  std::map<int64_t, Xapian::doccount> days_;
  std::map<std::string, std::vector<double>> education_salaries_;
  IdCounts educations_, regions_, majors_, skills_;
  Counts orgs_;
  std::vector<std::vector<double>> skill_salaries_;  // by skill id
};

struct Matches {
  std::unique_ptr<Collected> collector;
  bool relaxed = false;
  bool counted_exactly = true;  // CollectedMatches::counted_exactly
  MatchQueries queries;         // what was matched, for search's count
};

// The documents search matches for `request`, about the query (the Matcher's
// collect), and their statistics.
Matches collect(Searcher& searcher, const SearchRequest& request, bool full) {
  Matches m;
  m.queries = searcher.match_queries(request);
  const CollectedMatches matches = searcher.matcher().collect(m.queries);
  m.collector =
      std::make_unique<Collected>(searcher.database(), searcher.facet_table(), matches, full);
  m.relaxed = matches.relaxed;
  m.counted_exactly = matches.counted_exactly;
  return m;
}

bool by_count_then_value(const CountValue& a, const CountValue& b) {
  return a.count != b.count ? a.count > b.count : a.value < b.value;
}

std::vector<CountValue> top(const Counts& counts, Xapian::doccount total, size_t limit) {
  std::vector<CountValue> out;
  for (const auto& [value, count] : counts)
    out.push_back({value, count, total ? double(count) / total : 0});
  std::sort(out.begin(), out.end(), by_count_then_value);
  if (out.size() > limit) out.resize(limit);
  return out;
}

SalaryStats salary_stats(std::vector<double> values) {
  SalaryStats s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.count = static_cast<Xapian::doccount>(values.size());
  s.min = values.front();
  s.max = values.back();
  s.p25 = quantile(values, 0.25);
  s.median = quantile(values, 0.5);
  s.p75 = quantile(values, 0.75);
  return s;
}

std::string month_of(int64_t day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return buf;
}

std::vector<CountValue> months(const std::map<int64_t, Xapian::doccount>& days,
                               Xapian::doccount total) {
  std::map<std::string, Xapian::doccount> counts;
  for (const auto& [day, count] : days) counts[month_of(day)] += count;
  std::vector<CountValue> out;
  if (counts.empty()) return out;
  int y = std::stoi(counts.begin()->first.substr(0, 4));
  int mo = std::stoi(counts.begin()->first.substr(5, 2));
  const std::string last = counts.rbegin()->first;
  for (int i = 0; i < kMaxMonths; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, mo);
    auto it = counts.find(buf);
    Xapian::doccount c = it == counts.end() ? 0 : it->second;
    out.push_back({buf, c, total ? double(c) / total : 0});
    if (buf == last) break;
    if (++mo > 12) mo = 1, ++y;
  }
  return out;
}

Status validate(const InsightsRequest& r) {
  if (r.limit < 1 || r.limit > InsightsRequest::kMaxLimit)
    return Status::invalid_argument("limit: must be between 1 and " +
                                    std::to_string(InsightsRequest::kMaxLimit));
  if (r.search.q.size() > SearchLimits::kMaxQueryBytes)
    return Status::invalid_argument("q: longer than " +
                                    std::to_string(SearchLimits::kMaxQueryBytes) + " bytes");
  return Status::ok();
}

SearchRequest jobs_request(const InsightsRequest& r) {
  SearchRequest s = r.search;
  s.filter(schema::kTypeField) = {"job"};
  return s;
}

void order_gap(std::vector<GapRow>& rows) {
  for (GapRow& row : rows) row.ratio = double(row.demand) / (row.supply + 1);
  std::sort(rows.begin(), rows.end(), [](const GapRow& a, const GapRow& b) {
    if (a.ratio != b.ratio) return a.ratio > b.ratio;
    if (a.demand != b.demand) return a.demand > b.demand;
    return a.value < b.value;
  });
}

}  // namespace

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  double pos = p * (sorted.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

Result<DemandResult> Insights::demand(const InsightsRequest& request) {
  if (Status s = validate(request); !s.is_ok()) return s;
  const SearchRequest jobs = jobs_request(request);
  Matches m = collect(searcher_, jobs, true);
  const Collected& c = *m.collector;
  DemandResult r;
  r.counted = c.total();
  r.relaxed = m.relaxed;
  // The number search reports for the same query (MatchCounts::about_query):
  // what was counted here when the Matcher counts these matches exactly too,
  // otherwise its estimate.
  if (m.counted_exactly) {
    r.total = r.counted;
    r.total_exact = true;
  } else {
    const MatchCounts counts =
        searcher_.matcher().rank(m.queries, SortOrder::kRelevance, 0, 1).counts;
    r.total = counts.about_query();
    r.total_exact = counts.total_exact;
  }
  r.by_month = months(c.days(), r.counted);

  r.salary = salary_stats(c.salaries());
  r.skills = top(c.skills(), r.counted, request.limit);
  for (const CountValue& skill : r.skills)
    r.salary_by_skill.push_back({skill.value, salary_stats(c.skill_salaries(skill.value))});

  for (const CountValue& education : top(c.educations(), r.counted, InsightsRequest::kMaxLimit)) {
    auto it = c.education_salaries().find(education.value);
    r.salary_by_education.push_back(
        {education.value,
         salary_stats(it == c.education_salaries().end() ? std::vector<double>{} : it->second)});
  }
  r.orgs = top(c.orgs(), r.counted, request.limit);
  r.regions = top(c.regions(), r.counted, request.limit);
  return r;
}

Result<GapResult> Insights::gap(const InsightsRequest& request) {
  if (Status s = validate(request); !s.is_ok()) return s;
  Matches demand = collect(searcher_, jobs_request(request), false);
  SearchRequest teaching;
  teaching.q = request.search.q;
  teaching.filter(schema::kTypeField) = {"resource", "case"};
  teaching.viewer = request.search.viewer;
  Matches supply = collect(searcher_, teaching, false);

  GapResult r;
  r.demand_total = demand.collector->total();
  r.supply_total = supply.collector->total();
  for (const CountValue& skill : top(demand.collector->skills(), r.demand_total, request.limit)) {
    r.skills.push_back({skill.value, skill.count, supply.collector->skill_count(skill.value), 0});
  }
  order_gap(r.skills);
  const Counts supply_majors = supply.collector->majors();  // a copy: find and end on one map
  for (const CountValue& major : top(demand.collector->majors(), r.demand_total, request.limit)) {
    auto it = supply_majors.find(major.value);
    r.majors.push_back({major.value, major.count, it == supply_majors.end() ? 0 : it->second, 0});
  }
  order_gap(r.majors);
  return r;
}

}  // namespace chanjiao::search
