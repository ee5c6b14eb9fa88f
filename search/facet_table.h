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
#pragma once

#include <xapian.h>

#include <cstdint>
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
    uint32_t field[kFieldCount] = {};
    bool has_salary = false;
    double salary_min = 0, salary_max = 0;      // a missing bound is the other one
    uint32_t skills_begin = 0, skills_end = 0;  // range in skill_ids()
  };

  // Reads every document's packed value (one pass over one value stream).
  // With `base`, a table of an older revision of the same database, copies
  // it and reads only the documents added after it.
  static std::unique_ptr<FacetTable> load(const Xapian::Database& db,
                                          const FacetTable* base = nullptr);

  // The table for `db`'s current revision, loaded by the first caller and
  // shared while any caller holds it. Thread-safe.
  static std::shared_ptr<const FacetTable> shared(const Xapian::Database& db);

  // The database revision the table was read from.
  Xapian::rev revision() const { return revision_; }

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
  FacetTable() = default;
  // Adds the rows of documents from `first` on.
  void read(const Xapian::Database& db, Xapian::docid first);

  std::string uuid_;
  Xapian::rev revision_ = 0;
  Xapian::docid last_docid_ = 0;
  std::vector<Row> rows_;  // by docid
  // Distinct values per field; index 0 is the empty value.
  std::vector<std::string> values_[kFieldCount];
  std::vector<std::string> skills_;  // index 0 unused
  std::vector<uint32_t> skill_ids_;  // every row's skills, concatenated
};

}  // namespace chanjiao::search
