// FacetTable: the facet fields of every document of one index revision, in
// memory and indexed by docid — a column store like Lucene's doc values.
//
// Counting facets reads these fields for thousands of candidates per query.
// Read from Xapian, each read decodes the value stream up to that document
// (and copies every value it passes), which cost half of a search; here it is
// an array lookup. The table is built once per (database, revision) from the
// packed value (schema::kFacetPack) and shared by every thread that searches
// that revision (FacetTable::shared).
//
// Live updates never change what a docid holds: a changed document is
// deleted and added under a new docid (indexer/store_sync.h), so the table of
// a newer revision of the same database is the older table plus the rows of
// the docids added since — a refresh reads only those.
//
// Sharded indexes (issue 16, core/shards.h): the table of N local shards is
// indexed by the combined database's docids (local docid d of shard s is
// (d - 1) * N + s + 1), values are numbered across all shards, and a
// refresh reads each shard's new docids — a shard's new documents land
// between older docids of the others, so "after the last docid" is per shard.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/index_fields.h"

namespace chanjiao::search {

class FacetTable {
 public:
  // The string facets, in schema::PackField order (core/index_fields.h).
  static constexpr size_t kFieldCount = schema::kFacetFieldCount;
  static constexpr uint32_t kNoValue = 0;  // id of "field empty"

  struct Row {
    uint64_t collapse_key = 0;  // 0: the document has no facet pack
    // FNV-1a of the packed value: which of a collapse group's documents
    // counts in facets (the lowest) — a choice by content, the same however
    // the documents are sharded or numbered.
    uint64_t pack_hash = 0;
    uint32_t field[kFieldCount] = {};
    bool has_salary = false;
    double salary_min = 0, salary_max = 0;      // a missing bound is the other one
    uint32_t skills_begin = 0, skills_end = 0;  // range in skill_ids()
  };

  // Reads every document's packed value (one pass over one value stream).
  // With `base`, a table of an older revision of the same database, copies
  // it and reads only the documents added after it.
  static std::unique_ptr<FacetTable> load(const Xapian::Database& db,
                                          const FacetTable* base = nullptr) {
    return load(std::vector<Xapian::Database>{db}, base);
  }
  // The same over the local shards of one index, in stub order.
  static std::unique_ptr<FacetTable> load(const std::vector<Xapian::Database>& shards,
                                          const FacetTable* base = nullptr);
  // A table of the given packed values, as docids 1..n.
  static std::unique_ptr<FacetTable> from_packs(const std::vector<std::string>& packs);
  // An empty table that grows by add_pack: the rows of documents read one
  // by one (over several shards, where a match spy cannot know a
  // document's docid in the combined database: search/matcher.h).
  static std::unique_ptr<FacetTable> scratch() { return from_packs({}); }
  // Adds a row for `pack` as the next docid; nullptr when it is not a pack.
  // The pointer is valid until the next add_pack.
  const Row* add_pack(const std::string& pack);

  FacetTable(const FacetTable& other);  // the rows and values, not the numbering state
  FacetTable& operator=(const FacetTable&) = delete;
  ~FacetTable();

  // The table for the shards' current revisions, loaded by the first caller
  // and shared while any caller holds it. Thread-safe.
  static std::shared_ptr<const FacetTable> shared(const std::vector<Xapian::Database>& shards);
  static std::shared_ptr<const FacetTable> shared(const Xapian::Database& db) {
    return shared(std::vector<Xapian::Database>{db});
  }

  // Which shards at which revisions a table holds ("uuid@rev" per shard).
  static std::string version_of(const std::vector<Xapian::Database>& shards);
  const std::string& version() const { return version_; }
  // The database revision the table was read from (of shard 0).
  Xapian::rev revision() const { return shards_.empty() ? 0 : shards_[0].revision; }

  // nullptr for a docid beyond the table or without a pack.
  const Row* row(Xapian::docid did) const {
    return did < rows_.size() && rows_[did].collapse_key != 0 ? &rows_[did] : nullptr;
  }
  // Value of string facet `field` with `id` (ids are dense, 1-based).
  const std::string& value(size_t field, uint32_t id) const { return values_[field][id]; }
  size_t value_count(size_t field) const { return values_[field].size(); }
  const std::string& skill(uint32_t id) const { return skills_[id]; }
  size_t skill_count() const { return skills_.size(); }
  const std::vector<uint32_t>& skill_ids() const { return skill_ids_; }

 private:
  struct Shard {
    std::string uuid;
    Xapian::rev revision = 0;
    Xapian::docid last_docid = 0;  // local
  };

  struct Interners;  // value numbering while rows are added

  FacetTable();
  // Adds the rows of shard `shard`'s documents from local docid `first` on.
  void read(const Xapian::Database& db, size_t shard, Xapian::docid first, Interners& names);
  void add_row(Xapian::docid did, const std::string& pack, Interners& names);

  std::vector<Shard> shards_;
  std::string version_;
  std::unique_ptr<Interners> growing_;  // add_pack's numbering
  std::vector<Row> rows_;               // by (combined) docid
  // Distinct values per field; index 0 is the empty value.
  std::vector<std::string> values_[kFieldCount];
  std::vector<std::string> skills_;  // index 0 unused
  std::vector<uint32_t> skill_ids_;  // every row's skills, concatenated
};

}  // namespace chanjiao::search
