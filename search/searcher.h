// Searcher: runs searches, suggestions and document lookups on one Xapian
// database. Not thread-safe (Xapian objects are not): the server keeps one
// Searcher per worker thread, all sharing the const Analyzer.
//
// A search: the request's text becomes queries (query_parser.h and
// query_builder.h, or long_query.h for a pasted text), filters and
// visibility are added (match_queries), the Matcher runs them (matcher.h:
// the safety net, collapsing, counting), FacetCounter counts the facets,
// make_hit builds the hits (hit_builder.h).
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/index_vocabulary.h"
#include "core/index_fields.h"
#include "core/status.h"
#include "search/completion.h"
#include "search/facet_counter.h"
#include "search/facet_table.h"
#include "search/hit_builder.h"
#include "search/long_query.h"
#include "search/matcher.h"
#include "search/query_builder.h"
#include "search/sharding.h"
#include "search/visibility.h"

namespace chanjiao::search {

struct SearchRequest {
  std::string q;
  // The values of each filter field (core/index_fields.h), by
  // schema::FilterField: several values of one field match any of them,
  // different fields all. Type: job / resource / case.
  std::array<std::vector<std::string>, schema::kFilterFieldCount> filters;
  std::vector<std::string>& filter(schema::FilterField f) { return filters[f]; }
  const std::vector<std::string>& filter(schema::FilterField f) const { return filters[f]; }
  std::optional<int64_t> salary_min;  // overlap: posting's max ≥ this
  std::optional<int64_t> salary_max;  // overlap: posting's min ≤ this
  std::optional<int64_t> published_after_day;
  std::optional<int64_t> published_before_day;  // inclusive
  // Unset: relevance for a query, newest first when browsing (empty q).
  std::optional<SortOrder> sort;
  int page = 1;  // 1-based
  int size = 10;
  Viewer viewer;  // visibility hook (issue 6): restricted documents only for their org/admin
};

struct SearchLimits {
  static constexpr int kMaxPageSize = 50;
  static constexpr int kMaxResultDepth = 1000;  // page * size
  static_assert(MatchLimits::kCountCheckLimit > kMaxResultDepth);
  // Long texts (POST /api/v1/search) are searched as text (search/long_query.h).
  static constexpr size_t kMaxQueryBytes = 64 * 1024;
};

struct SearchResult {
  Xapian::doccount total = 0;
  bool total_exact = true;
  // No document matched every word; showing partial matches. (When fewer
  // than MatchLimits::kRelaxBelow did, partial matches follow them.)
  bool relaxed = false;
  // Documents matching every query word (exact when total_exact); `total`
  // less this is the number of partial matches after them.
  Xapian::doccount full_matches = 0;
  std::vector<Hit> hits;
  Facets facets;
  std::string suggestion;  // "did you mean", empty when none
};

class Searcher {
 public:
  Searcher(const analysis::Analyzer& analyzer, Xapian::Database db);

  // kInvalidArgument for requests outside SearchLimits.
  Result<SearchResult> search(const SearchRequest& request);
  // Visibility hook (issue 6): `viewer` decides which restricted documents
  // count (search/visibility.h); the default viewer sees public ones only.
  std::vector<Completion> suggest(std::string_view prefix, size_t limit, const Viewer& viewer = {});
  // The stored document JSON; kNotFound for an unknown id or one hidden from `viewer`.
  Result<std::string> document(std::string_view id, const Viewer& viewer = {});

  // `built`, when given, receives the analysed query (words, highlights).
  MatchQueries match_queries(const SearchRequest& request, BuiltQuery* built = nullptr) const;

  const Xapian::Database& database() const { return db_; }

  // The shards database() combines (issue 16, search/sharding.h): the facet
  // table is loaded per shard and keyed by combined docids; over several
  // shards the Matcher decodes rows from packed values (matcher.h); over
  // remote shards facet_table() is unavailable (UnimplementedError: insights
  // need local shards or replicas). Unset: database() is one local database.
  void set_shards(IndexShards shards) { shards_ = std::move(shards); }
  size_t shard_count() const { return shards_.databases.empty() ? 1 : shards_.databases.size(); }
  // The mean text length long texts are weighted with (build_long_query),
  // read once; 0 over remote shards, which run no PostingSource.
  double long_text_mean_length() const;

  // Queries with more content words than `n` are searched as text
  // (search/long_query.h); default LongQueryLimits::kMinWords.
  void set_long_query_words(size_t n) { long_query_words_ = n; }

  // The facet fields of database()'s revision (loaded or refreshed when the
  // database moved on); what search() counts facets from.
  const FacetTable& facet_table();

  // The Matcher over database() and its facet table (search/matcher.h).
  Matcher matcher();

 private:
  Xapian::Query filter_query(const SearchRequest& request) const;
  std::string spelling_suggestion(const std::string& query_text);

  const analysis::Analyzer& analyzer_;
  analysis::IndexVocabulary vocabulary_;
  Xapian::Database db_;
  // Facet fields of db_'s revision (FacetTable::shared), refreshed when the
  // database moves to a new revision.
  std::shared_ptr<const FacetTable> facet_table_;
  IndexShards shards_;
  size_t long_query_words_ = LongQueryLimits::kMinWords;
  // long_text_mean_length(), read at the first long text: db_ stays at the
  // revision it was opened at (SearcherPool opens a new Searcher for a new one).
  mutable std::optional<double> mean_text_length_;
};

}  // namespace chanjiao::search
