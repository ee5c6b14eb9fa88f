// Searcher: runs searches, suggestions and document lookups on one Xapian
// database. Not thread-safe (Xapian objects are not): the server keeps one
// Searcher per worker thread, all sharing the const Analyzer.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/index_vocabulary.h"
#include "core/status.h"
#include "search/facet_table.h"
#include "search/long_query.h"
#include "search/query_builder.h"
#include "search/visibility.h"

namespace chanjiao::search {

enum class SortOrder { kRelevance, kDate, kSalary };

struct SearchRequest {
  std::string q;
  std::vector<std::string> types;  // job / resource / case; any of them
  // Each may hold several values (any of them matches).
  std::vector<std::string> regions, industries, educations, majors, orgs;
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
  // Long texts (POST /api/v1/search) are searched as text (search/long_query.h).
  static constexpr size_t kMaxQueryBytes = 64 * 1024;
  // A match that runs longer stops with the best results found so far.
  static constexpr double kMatchTimeLimitSeconds = 2.0;
  // Totals and facets are exact when fewer documents than this match
  // (counted before reposts collapse), whatever the page; beyond, they are
  // estimated (like Elasticsearch's track_total_hits). Above kMaxResultDepth.
  static constexpr Xapian::doccount kCountCheckLimit = 2000;
};

struct Hit {
  std::string id;
  std::string type;
  std::string title;
  std::string title_html;
  std::string snippet_html;
  double score = 0;
  // Found by the recall safety net: matches some of the query's words or
  // parts of them, not all of them.
  bool partial = false;
  // The stored document's other fields (a JSON object: everything but id,
  // type, title and body), the key fields of a result card.
  std::string fields_json;
};

struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
  std::optional<int64_t> salary_min, salary_max;  // salary bands only
};

struct SearchResult {
  Xapian::doccount total = 0;
  bool total_exact = true;
  // No document matched every word; showing partial matches. (When some
  // did, partial matches may still follow them to fill the page.)
  bool relaxed = false;
  // Documents matching every query word (exact when total_exact); `total`
  // less this is the number of partial matches appended after them.
  Xapian::doccount full_matches = 0;
  std::vector<Hit> hits;
  std::map<std::string, std::vector<FacetValue>> facets;
  std::string suggestion;  // "did you mean", empty when none
};

// The Xapian queries search() runs for a request, filters applied: `strict`,
// then, when `can_relax` and the strict matches do not fill the requested
// page, `relaxed` minus `strict` appended after them (the recall safety net).
// Insights run the same queries and count `strict`, or `relaxed` when strict
// matches nothing: the documents about the query, not the page's filler.
struct MatchQueries {
  Xapian::Query strict;
  Xapian::Query relaxed;
  bool can_relax = false;
  bool browse = false;  // no query words: every document that passes the filters
};

struct Completion {
  std::string text;
  std::string kind;  // how it matched: text / pinyin / initials
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

  // Queries with more content words than `n` are searched as text
  // (search/long_query.h); default LongQueryLimits::kMinWords.
  void set_long_query_words(size_t n) { long_query_words_ = n; }

  // The facet fields of database()'s revision (loaded or refreshed when the
  // database moved on); what search() counts facets from.
  const FacetTable& facet_table();

  // A hit for one matched document, title and snippet marked with
  // `highlight_words` (normalised words); what search() returns per result.
  Hit make_hit(const Xapian::Document& doc, double score,
               const std::vector<std::string>& highlight_words) const;

 private:
  Xapian::Query filter_query(const SearchRequest& request) const;
  std::string spelling_suggestion(const std::string& query_text);

  const analysis::Analyzer& analyzer_;
  analysis::IndexVocabulary vocabulary_;
  Xapian::Database db_;
  // Facet fields of db_'s revision (FacetTable::shared), refreshed when the
  // database moves to a new revision.
  std::shared_ptr<const FacetTable> facet_table_;
  size_t long_query_words_ = LongQueryLimits::kMinWords;
};

// Salary bands offered as a facet (yuan/month, lower bound inclusive).
struct SalaryBand {
  const char* label;
  int64_t min;
  int64_t max;
};
const std::vector<SalaryBand>& salary_bands();

}  // namespace chanjiao::search
