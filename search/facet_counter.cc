#include "search/facet_counter.h"

#include <algorithm>
#include <climits>

#include "core/index_fields.h"

namespace chanjiao::search {
namespace {

// The kMaxFacetValues most frequent ids of `counts`, chosen by id before
// any string is copied (a field can have thousands of values).
template <typename NameOf>
std::vector<FacetValue> top(const std::vector<Xapian::doccount>& counts, double scale,
                            NameOf name_of) {
  std::vector<uint32_t> ids;
  for (uint32_t id = 1; id < counts.size(); ++id)  // id 0: no value
    if (counts[id] != 0) ids.push_back(id);
  auto before = [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : name_of(a) < name_of(b);
  };
  const size_t kept = std::min(ids.size(), FacetCounter::kMaxFacetValues);
  std::partial_sort(ids.begin(), ids.begin() + kept, ids.end(), before);
  std::vector<FacetValue> values;
  for (size_t k = 0; k < kept; ++k) {
    auto n =
        std::max<Xapian::doccount>(1, static_cast<Xapian::doccount>(counts[ids[k]] * scale + 0.5));
    values.push_back({name_of(ids[k]), n, {}, {}});
  }
  return values;
}

}  // namespace

const std::vector<SalaryBand>& salary_bands() {
  static const std::vector<SalaryBand> bands = {
      {"5k以下", 0, 5000},       {"5k-10k", 5000, 10000},       {"10k-15k", 10000, 15000},
      {"15k-25k", 15000, 25000}, {"25k以上", 25000, INT64_MAX},
  };
  return bands;
}

FacetCounter::FacetCounter(const FacetTable& table)
    : table_(table), skills_(table.skill_count()), salary_(salary_bands().size()) {
  for (size_t i = 0; i < FacetTable::kFieldCount; ++i) values_[i].resize(table.value_count(i));
}

void FacetCounter::visit(const FacetTable::Row& row) {
  for (size_t i = 0; i < FacetTable::kFieldCount; ++i) ++values_[i][row.field[i]];
  for (uint32_t k = row.skills_begin; k < row.skills_end; ++k) ++skills_[table_.skill_ids()[k]];
  if (!row.has_salary) return;
  // A posting counts in every band its range overlaps (8k-12k: 5k-10k and 10k-15k).
  const auto& bands = salary_bands();
  for (size_t i = 0; i < bands.size(); ++i)
    if (row.salary_max >= bands[i].min && row.salary_min < bands[i].max) ++salary_[i];
}

Facets FacetCounter::facets(double scale) const {
  Facets facets;
  for (size_t i = 0; i < FacetTable::kFieldCount; ++i)
    facets[std::string(schema::facet_field(i).facet)] = top(
        values_[i], scale, [&](uint32_t id) -> const std::string& { return table_.value(i, id); });
  facets["skills"] =
      top(skills_, scale, [&](uint32_t id) -> const std::string& { return table_.skill(id); });
  auto& salary = facets["salary"];
  for (size_t i = 0; i < salary_bands().size(); ++i) {
    if (salary_[i] == 0) continue;
    const SalaryBand& band = salary_bands()[i];
    FacetValue v{band.label, salary_[i], band.min, std::nullopt};
    if (band.max != INT64_MAX) v.salary_max = band.max;
    salary.push_back(v);
  }
  return facets;
}

}  // namespace chanjiao::search
