// FacetCounter: the facet counts of a search — documents by type, region,
// industry, education, major, skill and salary band — from the facet rows
// the Matcher shows it, one per collapse group (search/matcher.h), so the
// counts agree with the collapsed total. Counting is array arithmetic on
// the FacetTable's value ids; strings are copied only for the values shown.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "search/facet_table.h"
#include "search/matcher.h"

namespace chanjiao::search {

struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
  std::optional<int64_t> salary_min, salary_max;  // salary bands only
};

using Facets = std::map<std::string, std::vector<FacetValue>>;

// Salary bands offered as a facet (yuan/month, lower bound inclusive).
struct SalaryBand {
  const char* label;
  int64_t min;
  int64_t max;
};
const std::vector<SalaryBand>& salary_bands();

class FacetCounter : public GroupVisitor {
 public:
  // The most frequent values shown per facet.
  static constexpr size_t kMaxFacetValues = 12;

  // `table`: the one the visited rows belong to (Matcher::rows()).
  explicit FacetCounter(const FacetTable& table);

  void visit(const FacetTable::Row& row) override;

  // The top values of every facet, ties by value (a deterministic order).
  // `scale` turns counts over the groups seen into estimates for all of
  // them (when the total is an estimate).
  Facets facets(double scale) const;

 private:
  const FacetTable& table_;
  // Counts by value id (FacetTable), per field and for skills.
  std::vector<Xapian::doccount> values_[FacetTable::kFieldCount];
  std::vector<Xapian::doccount> skills_;
  std::vector<Xapian::doccount> salary_;  // by salary_bands() index
};

}  // namespace chanjiao::search
