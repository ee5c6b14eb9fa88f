#include "search/searcher.h"

#include "core/index_fields.h"
#include "core/schema.h"
#include "search/query_parser.h"

namespace chanjiao::search {

Searcher::Searcher(const analysis::Analyzer& analyzer, Xapian::Database db)
    : analyzer_(analyzer), vocabulary_(analyzer), db_(std::move(db)) {}

Xapian::Query Searcher::filter_query(const SearchRequest& r) const {
  std::vector<Xapian::Query> filters;
  for (const schema::FilterFieldInfo& f : schema::kFilterFields) {
    // Several values of one field: any of them (OR); different fields: all (AND).
    std::vector<Xapian::Query> any;
    for (const std::string& v : r.filter(f.id))
      if (!v.empty()) any.emplace_back(schema::term(f.prefix, vocabulary_.filter_value(f.id, v)));
    if (!any.empty()) filters.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (r.salary_min)
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSalaryMax,
                         Xapian::sortable_serialise(static_cast<double>(*r.salary_min)));
  if (r.salary_max)
    filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSalaryMin,
                         Xapian::sortable_serialise(static_cast<double>(*r.salary_max)));
  if (r.published_after_day)
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kPublishedDay,
                         Xapian::sortable_serialise(static_cast<double>(*r.published_after_day)));
  if (r.published_before_day)
    filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kPublishedDay,
                         Xapian::sortable_serialise(static_cast<double>(*r.published_before_day)));
  if (filters.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

std::string Searcher::spelling_suggestion(const std::string& query_text) {
  if (query_text.empty()) return "";
  // The whole query first (软件工成师 → 软件工程师), then word by word.
  std::string whole = db_.get_spelling_suggestion(query_text, 2);
  if (!whole.empty() && whole != query_text) return whole;
  return "";
}

MatchQueries Searcher::match_queries(const SearchRequest& request, BuiltQuery* built_out) const {
  // Long text (a pasted CV or job description) is not query syntax (issue 13).
  const bool long_text = is_long_text(analyzer_, request.q, long_query_words_);
  ParsedQuery parsed = long_text ? ParsedQuery{} : parse_query(request.q);
  SearchRequest effective = request;
  if (parsed.salary_min) effective.salary_min = parsed.salary_min;
  if (parsed.salary_max) effective.salary_max = parsed.salary_max;
  BuiltQuery built = long_text
                         ? build_long_query(analyzer_, db_, request.q, long_text_mean_length())
                         : QueryBuilder(analyzer_).build(parsed);
  Xapian::Query filter = filter_query(effective);
  auto with_filter = [&](const Xapian::Query& q) {
    Xapian::Query base = q.empty() ? schema::match_all() : q;
    return filter.empty() ? base : Xapian::Query(Xapian::Query::OP_FILTER, base, filter);
  };
  MatchQueries queries;
  queries.browse = built.strict.empty();
  queries.strict = with_filter(built.strict);
  queries.relaxed = with_filter(built.relaxed);
  // Visibility hook (issue 6): drop restricted documents the viewer may not see.
  queries.strict = visible_only(db_, queries.strict, request.viewer);
  queries.relaxed = visible_only(db_, queries.relaxed, request.viewer);
  queries.can_relax = built.can_relax;
  if (built_out != nullptr) *built_out = std::move(built);
  return queries;
}

Result<SearchResult> Searcher::search(const SearchRequest& request) {
  if (request.size < 1 || request.size > SearchLimits::kMaxPageSize)
    return Status::invalid_argument("size: must be between 1 and " +
                                    std::to_string(SearchLimits::kMaxPageSize));
  if (request.page < 1 || request.page * request.size > SearchLimits::kMaxResultDepth)
    return Status::invalid_argument("page: results beyond " +
                                    std::to_string(SearchLimits::kMaxResultDepth) +
                                    " are not available; refine the query");
  if (request.q.size() > SearchLimits::kMaxQueryBytes)
    return Status::invalid_argument("q: longer than " +
                                    std::to_string(SearchLimits::kMaxQueryBytes) + " bytes");

  BuiltQuery built;
  const MatchQueries queries = match_queries(request, &built);
  const bool browse = queries.browse;
  const SortOrder order = request.sort.value_or(browse ? SortOrder::kDate : SortOrder::kRelevance);
  Matcher match = matcher();
  FacetCounter facets(match.rows());
  const RankedMatches matches =
      match.rank(queries, order, static_cast<Xapian::doccount>((request.page - 1) * request.size),
                 static_cast<Xapian::doccount>(request.size), &facets);

  SearchResult result;
  for (const MatchedDocument& match : matches.page) {
    Hit hit = make_hit(analyzer_, match.document, match.weight, built.highlight_words);
    hit.partial = match.partial;
    if (!hit.id.empty()) result.hits.push_back(std::move(hit));
  }
  const MatchCounts& counts = matches.counts;
  result.total = counts.total;
  result.total_exact = counts.total_exact;
  result.full_matches = counts.full_matches;
  result.relaxed = counts.relaxed;
  // Counts over the groups seen, scaled to the estimated total.
  result.facets = facets.facets(counts.total_exact || counts.counted == 0
                                    ? 1.0
                                    : static_cast<double>(counts.total) / counts.counted);

  if (!browse && (result.total == 0 || result.relaxed)) {
    result.suggestion = spelling_suggestion(built.normalized_text);
    // The spelling dictionary holds the words of every document, restricted
    // ones too: offer a correction only when it finds one this viewer may see.
    if (!result.suggestion.empty()) {
      SearchRequest probe = request;
      probe.q = result.suggestion;
      Xapian::Enquire check(db_);
      check.set_query(match_queries(probe).strict);
      if (check.get_mset(0, 1).empty()) result.suggestion.clear();
    }
  }
  return result;
}

const FacetTable& Searcher::facet_table() {
  if (shards_.has_remote())
    throw Xapian::UnimplementedError(
        "this needs the facet table, which is kept for local shards only (remote shards: " +
        shards_.remote.front() + ", ...)");
  if (shards_.databases.empty()) shards_.databases.push_back(db_);
  if (!facet_table_ || facet_table_->version() != FacetTable::version_of(shards_.databases))
    facet_table_ = FacetTable::shared(shards_.databases);
  return *facet_table_;
}

double Searcher::long_text_mean_length() const {
  if (shards_.has_remote()) return 0;
  if (!mean_text_length_) mean_text_length_ = mean_text_length(db_);
  return *mean_text_length_;
}

Matcher Searcher::matcher() {
  // Remote shards: no facet table; the Matcher decodes rows itself.
  static const std::unique_ptr<FacetTable> kNoTable = FacetTable::scratch();
  const MatchShards shards{shard_count(), shards_.has_remote()};
  return Matcher(db_, shards.remote ? *kNoTable : facet_table(), shards);
}

std::vector<Completion> Searcher::suggest(std::string_view prefix, size_t limit,
                                          const Viewer& viewer) {
  return complete(db_, vocabulary_, prefix, limit, viewer);
}

Result<std::string> Searcher::document(std::string_view id, const Viewer& viewer) {
  std::string term = schema::term(schema::kId, id);
  Xapian::PostingIterator it = db_.postlist_begin(term);
  // Visibility hook (issue 6): a hidden document is as absent as an unknown one.
  if (it == db_.postlist_end(term) || !is_visible(db_, *it, viewer))
    return Status::not_found("no document with id " + std::string(id));
  return db_.get_document(*it).get_data();
}

}  // namespace chanjiao::search
