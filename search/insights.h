// Insights: labour-market statistics computed from the index — what job
// postings ask for (demand) and how that compares with what teaching
// resources and practice cases teach (gap).
//
// Every number is computed over the documents a search matches, by the same
// Matcher (search/matcher.h): the request's query and filters go through
// Searcher::match_queries, reposted duplicates count once, and the documents
// counted are those about the query — search's full matches, or its partial
// ones when nothing has every word (MatchCounts::about_query). Demand's
// `total` is that number for the same parameters with `type=job` — exact up
// to MatchLimits::kCountCheckLimit matches, the Matcher's estimate above
// (then `total_exact` is false) — while the breakdowns count every matching
// posting (`counted`, always exact).
//
// Not thread-safe: like Searcher (which it borrows and must outlive it),
// one per worker thread. Cheap to construct.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "search/searcher.h"

namespace chanjiao::search {

struct InsightsRequest {
  // q and filters as for search; `types`, `sort`, `page` and `size` are
  // ignored (demand counts job postings; gap sets its own types).
  SearchRequest search;
  size_t limit = 20;  // entries per top-N list (skills, orgs, regions, majors)
  static constexpr size_t kMaxLimit = 100;
};

struct CountValue {
  std::string value;  // display string ("YYYY-MM" for months)
  Xapian::doccount count = 0;
  double share = 0;  // count / matching postings counted
};

// Monthly salaries (yuan): a posting's salary is the midpoint of its range
// (or the one bound it gives); postings without salary are left out.
// Quartiles interpolate linearly between order statistics (numpy's default,
// Python's statistics.quantiles(method="inclusive")).
struct SalaryStats {
  Xapian::doccount count = 0;  // postings with a salary
  double min = 0, p25 = 0, median = 0, p75 = 0, max = 0;
};

struct SalaryGroup {
  std::string value;
  SalaryStats salary;
};

struct DemandResult {
  Xapian::doccount total = 0;  // what search reports (see the file comment)
  bool total_exact = true;
  Xapian::doccount counted = 0;      // postings the breakdowns count; shares are of this
  bool relaxed = false;              // as in search: no posting had every query word
  std::vector<CountValue> by_month;  // ascending, months without postings included as 0
  std::vector<CountValue> skills;    // most demanded first
  SalaryStats salary;
  std::vector<SalaryGroup> salary_by_skill;      // for the top skills, in their order
  std::vector<SalaryGroup> salary_by_education;  // most postings first
  std::vector<CountValue> orgs;
  std::vector<CountValue> regions;
};

struct GapRow {
  std::string value;
  Xapian::doccount demand = 0;  // job postings asking for it
  Xapian::doccount supply = 0;  // teaching resources + practice cases teaching it
  double ratio = 0;             // demand / (supply + 1): the ordering key
};

// Demand side: job postings matching the request. Supply side: teaching
// resources and practice cases matching the same `q` (field filters and
// dates describe the labour market, so they apply to demand only).
// Candidates are the `limit` most demanded skills / majors; rows are ordered
// by ratio (high first: wanted, little taught), then demand, then name.
struct GapResult {
  Xapian::doccount demand_total = 0;
  Xapian::doccount supply_total = 0;
  std::vector<GapRow> skills;
  std::vector<GapRow> majors;
};

class Insights {
 public:
  explicit Insights(Searcher& searcher) : searcher_(searcher) {}

  // kInvalidArgument for a limit outside 1..kMaxLimit or a too long query.
  Result<DemandResult> demand(const InsightsRequest& request);
  Result<GapResult> gap(const InsightsRequest& request);

 private:
  Searcher& searcher_;
};

// Linear-interpolation quantile (0 ≤ p ≤ 1) of ascending values; 0 when empty.
double quantile(const std::vector<double>& sorted, double p);

}  // namespace chanjiao::search
