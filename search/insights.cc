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

namespace chanjiao::search {
namespace {

constexpr int kMaxMonths = 600;

// Records the candidate documents; values are read afterwards as streams.
class DocidSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override { ids.push_back(doc.get_docid()); }
  std::vector<Xapian::docid> ids;
};

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

// The statistics of a set of matching documents, one per collapse group
// (the first by docid, the one Searcher's facet counter keeps).
class Collected {
 public:
  // `full`: everything demand reports; otherwise only the total, majors and
  // skills (all the gap needs).
  Collected(const Xapian::Database& db, std::vector<Xapian::docid> candidates, bool full) {
    std::sort(candidates.begin(), candidates.end());
    candidates_ = static_cast<Xapian::doccount>(candidates.size());
    std::unordered_set<std::string> seen;
    seen.reserve(candidates.size());
    std::vector<Xapian::docid> ids;
    for_each_value(db, schema::kCollapseKey, candidates, [&](size_t i, const std::string& key) {
      if (seen.insert(key).second) ids.push_back(candidates[i]);
    });
    total_ = static_cast<Xapian::doccount>(ids.size());
    std::vector<double> salary(ids.size(), NAN);
    if (full) collect_postings(db, ids, salary);
    for_each_value(db, schema::kMajorValue, ids, [&](size_t, const std::string& v) {
      if (!v.empty()) ++majors_[v];
    });

    // Skills: display names joined by kSkillSeparator (written by the
    // indexer). Each document's skill ids are kept (flat) for the salaries
    // of the top skills.
    std::string skill;
    for_each_value(db, schema::kSkillsValue, ids, [&](size_t i, const std::string& skills) {
      for (size_t b = 0; b < skills.size();) {
        size_t e = skills.find(schema::kSkillSeparator, b);
        if (e == std::string::npos) e = skills.size();
        if (e > b) {
          skill.assign(skills, b, e - b);
          auto [it, added] = skill_ids_.try_emplace(skill, skill_names_.size());
          if (added) {
            skill_names_.push_back(skill);
            skill_counts_.push_back(0);
            skill_salaries_.emplace_back();
          }
          ++skill_counts_[it->second];
          if (!std::isnan(salary[i])) skill_salaries_[it->second].push_back(salary[i]);
        }
        b = e + 1;
      }
    });
  }

  Xapian::doccount total() const { return total_; }
  // Matching documents before reposts collapse.
  Xapian::doccount candidates() const { return candidates_; }
  const std::vector<double>& salaries() const { return salaries_; }
  const std::map<int64_t, Xapian::doccount>& days() const { return days_; }
  const std::map<std::string, std::vector<double>>& education_salaries() const {
    return education_salaries_;
  }
  const Counts& educations() const { return educations_; }
  const Counts& regions() const { return regions_; }
  const Counts& orgs() const { return orgs_; }
  const Counts& majors() const { return majors_; }
  // Documents with `skill` (0 when none has it) and their salaries.
  Xapian::doccount skill_count(const std::string& skill) const {
    auto it = skill_ids_.find(skill);
    return it == skill_ids_.end() ? 0 : skill_counts_[it->second];
  }
  const std::vector<double>& skill_salaries(const std::string& skill) const {
    static const std::vector<double> kNone;
    auto it = skill_ids_.find(skill);
    return it == skill_ids_.end() ? kNone : skill_salaries_[it->second];
  }
  Counts skills() const {
    Counts out;
    for (size_t i = 0; i < skill_names_.size(); ++i) out[skill_names_[i]] = skill_counts_[i];
    return out;
  }

 private:
  // Salaries, months, education, region and org of the postings `ids`;
  // fills `salary` (NaN where a posting gives none).
  void collect_postings(const Xapian::Database& db, const std::vector<Xapian::docid>& ids,
                        std::vector<double>& salary) {
    // A posting's salary: the midpoint of its range, or the one bound given.
    std::vector<double> lo(ids.size(), NAN), hi(ids.size(), NAN);
    for_each_value(db, schema::kSalaryMin, ids, [&](size_t i, const std::string& v) {
      if (!v.empty()) lo[i] = Xapian::sortable_unserialise(v);
    });
    for_each_value(db, schema::kSalaryMax, ids, [&](size_t i, const std::string& v) {
      if (!v.empty()) hi[i] = Xapian::sortable_unserialise(v);
    });
    for (size_t i = 0; i < ids.size(); ++i) {
      double a = std::isnan(lo[i]) ? hi[i] : lo[i], b = std::isnan(hi[i]) ? lo[i] : hi[i];
      if (!std::isnan(a) && (a + b) / 2 > 0) {
        salary[i] = (a + b) / 2;
        salaries_.push_back(salary[i]);
      }
    }
    for_each_value(db, schema::kPublishedDay, ids, [&](size_t, const std::string& v) {
      if (!v.empty()) ++days_[static_cast<int64_t>(Xapian::sortable_unserialise(v))];
    });
    for_each_value(db, schema::kEducationValue, ids, [&](size_t i, const std::string& v) {
      if (v.empty()) return;
      ++educations_[v];
      if (!std::isnan(salary[i])) education_salaries_[v].push_back(salary[i]);
    });
    auto count = [&](Xapian::valueno slot, Counts& out) {
      for_each_value(db, slot, ids, [&](size_t, const std::string& v) {
        if (!v.empty()) ++out[v];
      });
    };
    count(schema::kRegionValue, regions_);
    count(schema::kOrgValue, orgs_);
  }

  Xapian::doccount candidates_ = 0;
  Xapian::doccount total_ = 0;
  std::vector<double> salaries_;
  std::map<int64_t, Xapian::doccount> days_;
  std::map<std::string, std::vector<double>> education_salaries_;
  Counts educations_, regions_, orgs_, majors_;
  std::unordered_map<std::string, uint32_t> skill_ids_;
  std::vector<std::string> skill_names_;
  std::vector<Xapian::doccount> skill_counts_;
  std::vector<std::vector<double>> skill_salaries_;
};

struct Matches {
  std::unique_ptr<Collected> collector;
  bool relaxed = false;
};

// Runs the request's queries exactly as Searcher::search does (strict, then
// relaxed when nothing matched) and collects every match.
Matches collect(const Searcher& searcher, const SearchRequest& request, bool full) {
  const Xapian::Database& db = searcher.database();
  MatchQueries queries = searcher.match_queries(request);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_time_limit(SearchLimits::kMatchTimeLimitSeconds);
  auto run = [&](const Xapian::Query& query) {
    DocidSpy spy;
    enquire.clear_matchspies();
    enquire.add_matchspy(&spy);
    enquire.set_query(query);
    enquire.get_mset(0, 0, db.get_doccount());
    enquire.clear_matchspies();
    return std::make_unique<Collected>(db, std::move(spy.ids), full);
  };
  Matches m;
  m.collector = run(queries.strict);
  if (m.collector->total() == 0 && queries.can_relax) {
    m.collector = run(queries.relaxed);
    m.relaxed = true;
  }
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
  s.types = {"job"};
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
  // The total a user sees next to the search results for the same query:
  // exact, and then what was counted here, when fewer than kCountCheckLimit
  // documents match (Searcher's rule); otherwise search's estimate, from the
  // same call the search page makes, so the two never disagree.
  if (c.candidates() < SearchLimits::kCountCheckLimit) {
    r.total = r.counted;
    r.total_exact = true;
  } else {
    SearchRequest count_only = jobs;
    count_only.page = 1;
    count_only.size = 1;
    auto searched = searcher_.search(count_only);
    if (!searched.is_ok()) return searched.status();
    r.total = searched->total;
    r.total_exact = searched->total_exact;
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
  teaching.types = {"resource", "case"};
  Matches supply = collect(searcher_, teaching, false);

  GapResult r;
  r.demand_total = demand.collector->total();
  r.supply_total = supply.collector->total();
  for (const CountValue& skill : top(demand.collector->skills(), r.demand_total, request.limit)) {
    r.skills.push_back({skill.value, skill.count, supply.collector->skill_count(skill.value), 0});
  }
  order_gap(r.skills);
  for (const CountValue& major : top(demand.collector->majors(), r.demand_total, request.limit)) {
    auto it = supply.collector->majors().find(major.value);
    r.majors.push_back(
        {major.value, major.count, it == supply.collector->majors().end() ? 0 : it->second, 0});
  }
  order_gap(r.majors);
  return r;
}

}  // namespace chanjiao::search
