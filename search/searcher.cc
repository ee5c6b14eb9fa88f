#include "search/searcher.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/schema.h"
#include "search/facet_table.h"
#include "search/highlighter.h"
#include "search/long_query.h"
#include "search/query_builder.h"
#include "search/query_parser.h"

namespace chanjiao::search {
namespace {

constexpr size_t kSnippetChars = 120;

// Facets counted from the packed value (schema::kFacetPack), in pack order.
constexpr const char* kFacetNames[] = {"type", "region", "industry", "education", "major"};
static_assert(std::size(kFacetNames) == FacetTable::kFieldCount);
constexpr size_t kMaxFacetValues = 12;

// Counts the matching documents by facet value and salary band, each group
// of reposted duplicates once (by collapse key), so the counts agree with
// the collapsed total it also computes. The search lets Xapian check a
// bounded number of candidates (SearchLimits::kCountCheckLimit): below it
// every match is seen and the counts are exact; above it they come from the
// candidates seen and are scaled to the estimated total. Facet fields come
// from the in-memory FacetTable: counting is array arithmetic on value ids.
// The collapse group of a document (its reposts share it), or the document
// itself when it has no collapse key.
std::string group_of(const Xapian::Document& doc) {
  std::string key = doc.get_value(schema::kCollapseKey);
  return key.empty() ? "#" + std::to_string(doc.get_docid()) : key;
}

// Keeps the partial matches from repeating a full match or one of its
// reposts. The partial query also excludes the full matches (AND_NOT), but
// with Xapian 1.4.22 that alone let full matches through again now and then
// (sorted by date on the sample corpus: 7 of 20 identical requests); this
// makes the rule hold whatever the matcher does.
class ExcludeGroups : public Xapian::MatchDecider {
 public:
  explicit ExcludeGroups(std::unordered_set<std::string> groups) : groups_(std::move(groups)) {}
  bool operator()(const Xapian::Document& doc) const override {
    return groups_.count(group_of(doc)) == 0;
  }

 private:
  std::unordered_set<std::string> groups_;
};

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(const FacetTable& table) : table_(table), skills_(table.skill_count()) {
    for (size_t i = 0; i < FacetTable::kFieldCount; ++i) values_[i].resize(table.value_count(i));
  }

  void operator()(const Xapian::Document& doc, double) override {
    ++examined_;
    const FacetTable::Row* row = table_.row(doc.get_docid());
    if (row == nullptr) {
      ++total_;  // a document without facet fields still matches
      return;
    }
    if (!seen_.insert(row->collapse_key).second) return;
    ++total_;
    for (size_t i = 0; i < FacetTable::kFieldCount; ++i) ++values_[i][row->field[i]];
    for (uint32_t k = row->skills_begin; k < row->skills_end; ++k) ++skills_[table_.skill_ids()[k]];
    if (!row->has_salary) return;
    // A posting counts in every band its range overlaps (8k-12k: 5k-10k and 10k-15k).
    const auto& bands = salary_bands();
    for (size_t i = 0; i < bands.size(); ++i)
      if (row->salary_max >= bands[i].min && row->salary_min < bands[i].max) ++salary_[i];
  }

  Xapian::doccount total() const { return total_; }

  Xapian::doccount examined() const { return examined_; }

  // `scale` turns counts over the candidates seen into estimates for all.
  void write(std::map<std::string, std::vector<FacetValue>>& facets, double scale) const {
    // The kMaxFacetValues most frequent values, ties by value (a
    // deterministic order), chosen by
    // id before any string is copied: a field can have thousands of values.
    auto top = [scale](const std::vector<Xapian::doccount>& counts, auto&& name_of) {
      std::vector<uint32_t> ids;
      for (uint32_t id = 1; id < counts.size(); ++id)  // id 0: no value
        if (counts[id] != 0) ids.push_back(id);
      auto before = [&](uint32_t a, uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : name_of(a) < name_of(b);
      };
      const size_t kept = std::min(ids.size(), kMaxFacetValues);
      std::partial_sort(ids.begin(), ids.begin() + kept, ids.end(), before);
      std::vector<FacetValue> values;
      for (size_t k = 0; k < kept; ++k) {
        auto n = std::max<Xapian::doccount>(
            1, static_cast<Xapian::doccount>(counts[ids[k]] * scale + 0.5));
        values.push_back({name_of(ids[k]), n, {}, {}});
      }
      return values;
    };
    for (size_t i = 0; i < FacetTable::kFieldCount; ++i)
      facets[kFacetNames[i]] =
          top(values_[i], [&](size_t id) -> const std::string& { return table_.value(i, id); });
    facets["skills"] =
        top(skills_, [&](size_t id) -> const std::string& { return table_.skill(id); });
    auto& salary = facets["salary"];
    for (size_t i = 0; i < salary_bands().size(); ++i) {
      if (salary_[i] == 0) continue;
      const SalaryBand& band = salary_bands()[i];
      FacetValue v{band.label, salary_[i], band.min, std::nullopt};
      if (band.max != INT64_MAX) v.salary_max = band.max;
      salary.push_back(v);
    }
  }

 private:
  const FacetTable& table_;
  std::unordered_set<uint64_t> seen_;
  Xapian::doccount examined_ = 0;
  Xapian::doccount total_ = 0;
  // Counts by value id (FacetTable), per field and for skills.
  std::vector<Xapian::doccount> values_[FacetTable::kFieldCount];
  std::vector<Xapian::doccount> skills_;
  std::vector<Xapian::doccount> salary_ = std::vector<Xapian::doccount>(salary_bands().size());
};

std::string json_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

const std::vector<SalaryBand>& salary_bands() {
  static const std::vector<SalaryBand> bands = {
      {"5k以下", 0, 5000},       {"5k-10k", 5000, 10000},       {"10k-15k", 10000, 15000},
      {"15k-25k", 15000, 25000}, {"25k以上", 25000, INT64_MAX},
  };
  return bands;
}

Searcher::Searcher(const analysis::Analyzer& analyzer, Xapian::Database db)
    : analyzer_(analyzer), vocabulary_(analyzer), db_(std::move(db)) {}

Xapian::Query Searcher::filter_query(const SearchRequest& r) const {
  std::vector<Xapian::Query> filters;
  if (!r.types.empty()) {
    std::vector<Xapian::Query> types;
    for (const std::string& t : r.types) types.emplace_back(schema::term(schema::kType, t));
    filters.emplace_back(Xapian::Query::OP_OR, types.begin(), types.end());
  }
  struct {
    const std::vector<std::string>& values;
    std::string_view prefix;
  } fields[] = {{r.regions, schema::kRegion},
                {r.industries, schema::kIndustry},
                {r.educations, schema::kEducation},
                {r.majors, schema::kMajor},
                {r.orgs, schema::kOrg}};
  for (const auto& f : fields) {
    // Several values of one field: any of them (OR); different fields: all (AND).
    std::vector<Xapian::Query> any;
    for (const std::string& v : f.values)
      if (!v.empty()) any.emplace_back(schema::term(f.prefix, vocabulary_.filter_value(v)));
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
  BuiltQuery built = long_text ? build_long_query(analyzer_, db_, request.q)
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
  MatchQueries queries = match_queries(request, &built);
  const bool browse = queries.browse;

  SearchResult result;
  Xapian::Enquire enquire(db_);
  enquire.set_collapse_key(schema::kCollapseKey);
  enquire.set_time_limit(SearchLimits::kMatchTimeLimitSeconds);
  switch (request.sort.value_or(browse ? SortOrder::kDate : SortOrder::kRelevance)) {
    case SortOrder::kRelevance:
      enquire.set_sort_by_relevance_then_value(schema::kPublishedDay, true);
      break;
    case SortOrder::kDate:
      enquire.set_sort_by_value_then_relevance(schema::kPublishedDay, true);
      break;
    case SortOrder::kSalary:
      enquire.set_sort_by_value_then_relevance(schema::kSalaryMax, true);
      break;
  }
  const FacetTable& table = facet_table();
  // One facet counter for both runs: the second one sees only documents the
  // first did not match, so the counts add up.
  FacetCounter facets(table);
  enquire.add_matchspy(&facets);
  static_assert(SearchLimits::kCountCheckLimit > SearchLimits::kMaxResultDepth);
  const Xapian::doccount check_at_least = SearchLimits::kCountCheckLimit;
  const Xapian::doccount first = static_cast<Xapian::doccount>((request.page - 1) * request.size);
  const Xapian::doccount end = first + static_cast<Xapian::doccount>(request.size);
  auto add_hits = [&](const Xapian::MSet& mset, bool partial) {
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      Hit hit = make_hit(it.get_document(), it.get_weight(), built.highlight_words);
      hit.partial = partial;
      if (!hit.id.empty()) result.hits.push_back(std::move(hit));
    }
  };
  enquire.set_query(queries.strict);
  Xapian::MSet mset = enquire.get_mset(first, request.size, check_at_least);
  add_hits(mset, false);
  Xapian::doccount estimated = mset.get_matches_estimated();
  const Xapian::doccount strict_total = facets.total();
  result.full_matches =
      facets.examined() < check_at_least ? strict_total : std::max(strict_total, estimated);
  // The recall safety net: when the documents with every word do not fill
  // the page, documents with some of the words or parts of them follow
  // (ranked among themselves), never in place of a full match. All strict
  // matches were seen (fewer than the page end < the check limit), so
  // strict_total is exact and tells where the page starts in the second run.
  if (queries.can_relax && facets.examined() < check_at_least && strict_total < end) {
    // The groups of every full match: the page's, and when the page starts
    // later, those before it (a second strict run, not counted again).
    std::unordered_set<std::string> full_groups;
    auto add_groups = [&full_groups](const Xapian::MSet& m) {
      for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
        full_groups.insert(group_of(it.get_document()));
    };
    add_groups(mset);
    if (first > 0 && strict_total > 0) {
      enquire.clear_matchspies();
      add_groups(enquire.get_mset(0, std::min(first, strict_total)));
      enquire.add_matchspy(&facets);
    }
    ExcludeGroups not_full(std::move(full_groups));
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, queries.relaxed, queries.strict));
    const Xapian::doccount skip = first > strict_total ? first - strict_total : 0;
    Xapian::MSet more = enquire.get_mset(skip, end - std::max(first, strict_total), check_at_least,
                                         nullptr, &not_full);
    add_hits(more, true);
    estimated = strict_total + more.get_matches_estimated();
    result.relaxed = strict_total == 0;
  }
  // Every match was seen (exact counts) unless the matcher stopped at the
  // check limit; then the total is Xapian's estimate and facets are scaled.
  result.total_exact = facets.examined() < check_at_least;
  result.total = result.total_exact ? facets.total() : std::max(facets.total(), estimated);
  facets.write(result.facets, result.total_exact || facets.total() == 0
                                  ? 1.0
                                  : static_cast<double>(result.total) / facets.total());

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
  if (!facet_table_ || facet_table_->revision() != db_.get_revision())
    facet_table_ = FacetTable::shared(db_);
  return *facet_table_;
}

Hit Searcher::make_hit(const Xapian::Document& doc, double score,
                       const std::vector<std::string>& highlight_words) const {
  rapidjson::Document json;
  json.Parse(doc.get_data().c_str());
  if (!json.IsObject()) return Hit();
  Hit hit;
  Highlighter highlighter(analyzer_, highlight_words);
  hit.id = json_string(json, "id");
  hit.type = json_string(json, "type");
  hit.title = json_string(json, "title");
  hit.title_html = highlighter.highlight(hit.title);
  hit.snippet_html = highlighter.snippet(json_string(json, "body"), kSnippetChars);
  hit.score = score;
  // The card fields from the document parsed here, so the response writer
  // does not parse it again.
  // A series' observations are its data, not card fields (GET /series/{id}).
  for (const char* shown_above : {"id", "type", "title", "body", "observations", "breaks"})
    if (auto m = json.FindMember(shown_above); m != json.MemberEnd()) json.EraseMember(m);
  rapidjson::StringBuffer fields;
  rapidjson::Writer<rapidjson::StringBuffer> writer(fields);
  json.Accept(writer);
  hit.fields_json.assign(fields.GetString(), fields.GetSize());
  return hit;
}

std::vector<Completion> Searcher::suggest(std::string_view prefix, size_t limit,
                                          const Viewer& viewer) {
  const HiddenDocuments hidden(db_, viewer);  // visibility hook (issue 6)
  std::string key = vocabulary_.filter_value(prefix);
  std::vector<Completion> out;
  if (key.empty()) return out;
  struct Candidate {
    std::string display;
    Xapian::doccount freq;
    const char* kind;
  };
  std::vector<Candidate> candidates;
  auto scan = [&](std::string_view term_prefix, const std::string& typed, const char* kind) {
    std::string start = schema::term(term_prefix, typed);
    size_t scanned = 0;
    for (Xapian::TermIterator t = db_.allterms_begin(start);
         t != db_.allterms_end(start) && scanned < 200; ++t, ++scanned) {
      std::string term = *t;
      size_t sep = term.find(schema::kCompletionSeparator);
      if (sep == std::string::npos) continue;
      Xapian::doccount freq = t.get_termfreq();
      if (!hidden.empty()) freq -= hidden.count_with(db_, term);  // visibility hook (issue 6)
      if (freq == 0) continue;
      candidates.push_back({term.substr(sep + 1), freq, kind});
    }
  };
  scan(schema::kCompleteText, key, "text");
  std::string compact;
  for (char c : key)
    if (c != ' ') compact.push_back(c);
  bool letters = !compact.empty() && std::all_of(compact.begin(), compact.end(),
                                                 [](char c) { return c >= 'a' && c <= 'z'; });
  if (letters) {
    scan(schema::kCompletePinyin, compact, "pinyin");
    scan(schema::kCompleteInitials, compact, "initials");
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.freq > b.freq; });
  std::unordered_set<std::string> seen;
  for (const Candidate& c : candidates) {
    if (out.size() >= limit) break;
    if (seen.insert(c.display).second) out.push_back({c.display, c.kind});
  }
  return out;
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
