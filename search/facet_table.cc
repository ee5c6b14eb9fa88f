#include "search/facet_table.h"

#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/index_fields.h"
#include "core/schema.h"
#include "core/shards.h"

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

struct FacetTable::Interners {
  explicit Interners(FacetTable& table) : skills(table.skills_) {
    fields.reserve(kFieldCount);
    for (auto& names : table.values_) fields.emplace_back(names);
  }
  std::vector<Interner> fields;
  Interner skills;
};

FacetTable::FacetTable() = default;
FacetTable::~FacetTable() = default;
FacetTable::FacetTable(const FacetTable& other)
    : shards_(other.shards_),
      version_(other.version_),
      rows_(other.rows_),
      skills_(other.skills_),
      skill_ids_(other.skill_ids_) {
  for (size_t i = 0; i < kFieldCount; ++i) values_[i] = other.values_[i];
}

const FacetTable::Row* FacetTable::add_pack(const std::string& pack) {
  if (growing_ == nullptr) growing_ = std::make_unique<Interners>(*this);
  const auto did = static_cast<Xapian::docid>(rows_.size());
  rows_.emplace_back();
  add_row(did, pack, *growing_);
  return row(did);
}

std::string FacetTable::version_of(const std::vector<Xapian::Database>& shards) {
  std::string version;
  for (const Xapian::Database& db : shards)
    version += db.get_uuid() + "@" + std::to_string(db.get_revision()) + ";";
  return version;
}

std::unique_ptr<FacetTable> FacetTable::load(const std::vector<Xapian::Database>& shards,
                                             const FacetTable* base) {
  std::unique_ptr<FacetTable> table(base != nullptr ? new FacetTable(*base) : new FacetTable());
  if (base == nullptr || base->shards_.size() != shards.size())
    table->shards_.assign(shards.size(), Shard{});
  std::vector<Xapian::docid> first(shards.size(), 1);
  Xapian::docid last_global = 0;
  for (size_t i = 0; i < shards.size(); ++i) {
    Shard& shard = table->shards_[i];
    if (base != nullptr) first[i] = shard.last_docid + 1;
    shard.uuid = shards[i].get_uuid();
    shard.revision = shards[i].get_revision();
    shard.last_docid = shards[i].get_lastdocid();
    if (shard.last_docid > 0)
      last_global = std::max(last_global, shards::global_docid(shard.last_docid, i, shards.size()));
  }
  table->version_ = version_of(shards);
  table->rows_.resize(static_cast<size_t>(last_global) + 1);
  Interners names(*table);
  for (size_t i = 0; i < shards.size(); ++i) table->read(shards[i], i, first[i], names);
  return table;
}

std::unique_ptr<FacetTable> FacetTable::from_packs(const std::vector<std::string>& packs) {
  std::unique_ptr<FacetTable> table(new FacetTable());
  table->rows_.resize(packs.size() + 1);  // docid 0 unused
  Interners names(*table);
  for (size_t i = 0; i < packs.size(); ++i)
    table->add_row(static_cast<Xapian::docid>(i + 1), packs[i], names);
  return table;
}

void FacetTable::read(const Xapian::Database& db, size_t shard, Xapian::docid first,
                      Interners& names) {
  const size_t count = shards_.size();
  Xapian::ValueIterator it = db.valuestream_begin(schema::kFacetPack);
  if (first > 1 && it != db.valuestream_end(schema::kFacetPack)) it.skip_to(first);
  for (; it != db.valuestream_end(schema::kFacetPack); ++it)
    add_row(shards::global_docid(it.get_docid(), shard, count), *it, names);
}

void FacetTable::add_row(Xapian::docid did, const std::string& pack, Interners& names) {
  if (did >= rows_.size()) return;
  // Not a pack this build writes: no facets for it.
  const std::optional<schema::FacetPack> decoded = schema::decode_facet_pack(pack);
  if (!decoded) return;
  const std::string_view* parts = decoded->fields;
  Row& row = rows_[did];
  row.collapse_key = schema::pack_collapse_key(pack);
  row.pack_hash = shards::fnv1a(pack);
  // A key of 0 marks "no row"; a real key hashing to 0 only loses its facets.
  for (size_t i = 0; i < kFieldCount; ++i) row.field[i] = names.fields[i].id(parts[i]);
  std::string_view lo = parts[schema::kPackSalaryMin], hi = parts[schema::kPackSalaryMax];
  if (!lo.empty() || !hi.empty()) {
    row.has_salary = true;
    row.salary_min = parse_yuan(lo.empty() ? hi : lo);
    row.salary_max = parse_yuan(hi.empty() ? lo : hi);
  }
  row.skills_begin = static_cast<uint32_t>(skill_ids_.size());
  for (std::string_view list = parts[schema::kPackSkills]; !list.empty();) {
    size_t end = std::min(list.find(schema::kSkillSeparator), list.size());
    skill_ids_.push_back(names.skills.id(list.substr(0, end)));
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  row.skills_end = static_cast<uint32_t>(skill_ids_.size());
}

std::shared_ptr<const FacetTable> FacetTable::shared(const std::vector<Xapian::Database>& shards) {
  // Weak references: a table lives while a searcher of that revision holds
  // it, so readers at two revisions (one thread reopened, one not yet) do
  // not reload in turn, and old revisions are freed. The newest table of the
  // live database is also held strongly, as the base of the next refresh.
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const FacetTable>> tables;
  static std::shared_ptr<const FacetTable> newest;
  const std::string key = version_of(shards);
  std::lock_guard lock(mutex);
  if (auto table = tables[key].lock()) return table;
  // Loading under the lock: the other threads need the same table and
  // would otherwise load it again. A refresh extends the newest table when
  // every shard is the same database at a later revision.
  bool extends = newest != nullptr && newest->shards_.size() == shards.size();
  bool later = false;
  for (size_t i = 0; extends && i < shards.size(); ++i) {
    const Shard& old = newest->shards_[i];
    const Xapian::rev revision = shards[i].get_revision();
    extends = old.uuid == shards[i].get_uuid() && old.revision <= revision &&
              old.last_docid <= shards[i].get_lastdocid();
    later = later || old.revision < revision;
  }
  extends = extends && later;
  std::shared_ptr<const FacetTable> table = load(shards, extends ? newest.get() : nullptr);
  tables[key] = table;
  bool replaces = newest == nullptr || newest->shards_.size() != shards.size();
  for (size_t i = 0; !replaces && i < shards.size(); ++i)
    replaces = newest->shards_[i].uuid != table->shards_[i].uuid ||
               newest->shards_[i].revision < table->shards_[i].revision;
  if (replaces) newest = table;
  std::erase_if(tables, [](const auto& entry) { return entry.second.expired(); });
  return table;
}

}  // namespace chanjiao::search
