#include "search/facet_table.h"

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/index_fields.h"

namespace chanjiao::search {
namespace {

// Distinct strings of one field, numbered densely from 1 (0 = empty); starts
// from the names already numbered.
class Interner {
 public:
  explicit Interner(std::vector<std::string>& names) : names_(names) {
    if (names_.empty()) names_.emplace_back();
    for (uint32_t id = 1; id < names_.size(); ++id) ids_.emplace(names_[id], id);
  }
  uint32_t id(std::string_view name) {
    if (name.empty()) return FacetTable::kNoValue;
    auto [it, added] = ids_.try_emplace(std::string(name), static_cast<uint32_t>(names_.size()));
    if (added) names_.emplace_back(name);
    return it->second;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, uint32_t> ids_;
};

double parse_yuan(std::string_view text) {
  return std::strtod(std::string(text).c_str(), nullptr);
}

}  // namespace

std::unique_ptr<FacetTable> FacetTable::load(const Xapian::Database& db, const FacetTable* base) {
  std::unique_ptr<FacetTable> table(base != nullptr ? new FacetTable(*base) : new FacetTable());
  table->uuid_ = db.get_uuid();
  table->revision_ = db.get_revision();
  table->last_docid_ = db.get_lastdocid();
  const Xapian::docid first = base != nullptr ? base->last_docid_ + 1 : 1;
  table->rows_.resize(static_cast<size_t>(table->last_docid_) + 1);
  table->read(db, first);
  return table;
}

void FacetTable::read(const Xapian::Database& db, Xapian::docid first) {
  std::vector<Interner> fields;
  fields.reserve(kFieldCount);
  for (auto& names : values_) fields.emplace_back(names);
  Interner skills(skills_);

  Xapian::ValueIterator it = db.valuestream_begin(schema::kFacetPack);
  if (first > 1 && it != db.valuestream_end(schema::kFacetPack)) it.skip_to(first);
  for (; it != db.valuestream_end(schema::kFacetPack); ++it) {
    const std::string pack = *it;
    if (it.get_docid() >= rows_.size()) continue;
    // Not a pack this build writes: no facets for it.
    const std::optional<schema::FacetPack> decoded = schema::decode_facet_pack(pack);
    if (!decoded) continue;
    const std::string_view* parts = decoded->fields;
    Row& row = rows_[it.get_docid()];
    std::memcpy(&row.collapse_key, decoded->collapse_key.data(), sizeof row.collapse_key);
    // A key of 0 marks "no row"; a real key hashing to 0 only loses its facets.
    for (size_t i = 0; i < kFieldCount; ++i) row.field[i] = fields[i].id(parts[i]);
    std::string_view lo = parts[schema::kPackSalaryMin], hi = parts[schema::kPackSalaryMax];
    if (!lo.empty() || !hi.empty()) {
      row.has_salary = true;
      row.salary_min = parse_yuan(lo.empty() ? hi : lo);
      row.salary_max = parse_yuan(hi.empty() ? lo : hi);
    }
    row.skills_begin = static_cast<uint32_t>(skill_ids_.size());
    for (std::string_view list = parts[schema::kPackSkills]; !list.empty();) {
      size_t end = std::min(list.find(schema::kSkillSeparator), list.size());
      skill_ids_.push_back(skills.id(list.substr(0, end)));
      list.remove_prefix(std::min(end + 1, list.size()));
    }
    row.skills_end = static_cast<uint32_t>(skill_ids_.size());
  }
}

std::shared_ptr<const FacetTable> FacetTable::shared(const Xapian::Database& db) {
  // Weak references: a table lives while a searcher of that revision holds
  // it, so readers at two revisions (one thread reopened, one not yet) do
  // not reload in turn, and old revisions are freed. The newest table of the
  // live database is also held strongly, as the base of the next refresh.
  static std::mutex mutex;
  static std::map<std::pair<std::string, Xapian::rev>, std::weak_ptr<const FacetTable>> tables;
  static std::shared_ptr<const FacetTable> newest;
  const auto key = std::make_pair(db.get_uuid(), db.get_revision());
  std::lock_guard lock(mutex);
  if (auto table = tables[key].lock()) return table;
  // Loading under the lock: the other threads need the same table and
  // would otherwise load it again.
  const bool extends = newest != nullptr && newest->uuid_ == key.first &&
                       newest->revision_ < key.second && newest->last_docid_ <= db.get_lastdocid();
  std::shared_ptr<const FacetTable> table = load(db, extends ? newest.get() : nullptr);
  tables[key] = table;
  if (newest == nullptr || newest->uuid_ != key.first || newest->revision_ < key.second)
    newest = table;
  std::erase_if(tables, [](const auto& entry) { return entry.second.expired(); });
  return table;
}

}  // namespace chanjiao::search
