// Matcher: the one match path. A request becomes two Xapian queries
// (MatchQueries: every word, some of the words); the Matcher runs them with
// the rules every reader of the index shares, so search, insights and the
// recommenders agree on what matches and how it counts:
//   - Reposts collapse: a posting and its reposts (one collapse key,
//     schema::kCollapseKey) rank, count and are collected once.
//   - The recall safety net: when fewer than MatchLimits::kRelaxBelow
//     documents match every word, documents matching some of them (or parts
//     of them) follow all the full matches, ranked among themselves, never
//     repeating a full match's group. The rule depends on the query only,
//     not on the page asked for, so `total` is the same on every page.
//   - Bounded counting: counts are exact while fewer than
//     MatchLimits::kCountCheckLimit documents match every word (and fewer
//     than kPartialCheckLimit some of them), Xapian's estimate above.
// Search ranks a page (rank), insights collect every match (collect), the
// recommenders rank their own single query (collapsed_enquire).
//
// Shards (issue 16, search/sharding.h): over several databases Xapian 1.4
// hands a MatchSpy or MatchDecider each document with its docid *in its
// shard* (Document::get_docid() is local; MSet docids are combined), so
// there a document's facet row is decoded from its packed value
// (schema::kFacetPack) into rows(), a table of the request, instead of
// looked up by docid. Remote shards (xapian-tcpsrv) run only Xapian's own
// spies and no decider: counting uses a ValueCountMatchSpy on the packed
// value, and the safety net drops repeated groups from the page itself.
// Which document of a repost group counts is the one with the lowest hash
// of its packed value (FacetTable::Row::pack_hash): a choice by content, so
// one database, N local and N remote shards count alike.
//
// Not thread-safe, like the Xapian objects it uses: one per request.
#pragma once

#include <xapian.h>

#include <memory>
#include <vector>

#include "search/facet_table.h"

namespace chanjiao::search {

enum class SortOrder { kRelevance, kDate, kSalary };

struct MatchLimits {
  // A match that runs longer stops with the best results found so far.
  static constexpr double kMatchTimeLimitSeconds = 2.0;
  // Totals and facets are exact when fewer documents than this match
  // (counted before reposts collapse), whatever the page; beyond, they are
  // estimated (like Elasticsearch's track_total_hits).
  static constexpr Xapian::doccount kCountCheckLimit = 2000;
  // The safety net's partial matches are counted exactly up to this many
  // candidates, estimated beyond. The net's OR of words, bigrams and
  // characters matches most of the index: counting 2,000 of its candidates
  // was two thirds of all search CPU on the realistic replay, and no
  // development set moves with the bound (BENCHMARKS.md, issue 15).
  static constexpr Xapian::doccount kPartialCheckLimit = 200;
  // The bound for full matches, or for the partial ones.
  static constexpr Xapian::doccount check_limit(bool partial) {
    return partial ? kPartialCheckLimit : kCountCheckLimit;
  }
  // Fewer full matches than this and the partial matches follow them (like
  // Typesense's drop_tokens_threshold): one page of the default size.
  static constexpr Xapian::doccount kRelaxBelow = 10;
};

// The Xapian queries of one request, filters and visibility applied:
// `strict` (every group of words must match) and `relaxed` (any word or
// part may match: the net), which applies only when `can_relax`.
struct MatchQueries {
  Xapian::Query strict;
  Xapian::Query relaxed;
  bool can_relax = false;
  bool browse = false;  // no query words: every document that passes the filters
};

struct MatchCounts {
  Xapian::doccount total = 0;  // full + partial matches, one per collapse group
  bool total_exact = true;
  Xapian::doccount full_matches = 0;  // exact when total_exact
  bool relaxed = false;               // no full match: every match is partial
  Xapian::doccount counted = 0;       // groups seen (= total when total_exact)
  // The documents about the query, which insights count: the full matches,
  // or the partial ones when nothing has every word.
  Xapian::doccount about_query() const { return relaxed ? total : full_matches; }
};

struct MatchedDocument {
  Xapian::Document document;
  double weight = 0;
  bool partial = false;  // found by the safety net
};

struct RankedMatches {
  std::vector<MatchedDocument> page;
  MatchCounts counts;
};

// Sees the facet row of every collapse group counted, once, when counting
// is done (the facet counts of a search page). Value ids are those of
// Matcher::rows().
class GroupVisitor {
 public:
  virtual ~GroupVisitor() = default;
  virtual void visit(const FacetTable::Row& row) = 0;
};

struct CollectedMatches {
  // One document per collapse group (the lowest pack hash), ascending, with
  // its facet row (nullptr: the document has no facet fields).
  std::vector<Xapian::docid> ids;
  std::vector<const FacetTable::Row*> rows;
  Xapian::doccount candidates = 0;  // matching documents before reposts collapse
  bool relaxed = false;             // the partial matches: nothing had every word
  // rank() counts these exactly too (fewer candidates than its bound): its
  // total is ids.size(); otherwise it is an estimate.
  bool counted_exactly = true;
};

// An Enquire over `query` with the platform's match rules: reposts collapse,
// the time limit. The one way the recommenders and rank() set up a match.
Xapian::Enquire collapsed_enquire(const Xapian::Database& db, const Xapian::Query& query);

// How the Matcher's database is made of shards (issue 16).
struct MatchShards {
  size_t count = 1;     // databases searched as one
  bool remote = false;  // some are remote (xapian-tcpsrv)
};

class Matcher {
 public:
  // `table`: the facet fields of `db`'s revision (Searcher::facet_table),
  // keyed by the combined docids (unused over remote shards).
  Matcher(const Xapian::Database& db, const FacetTable& table, MatchShards shards = {});

  // The table the rows shown to a GroupVisitor belong to: `table`, or over
  // several shards the rows decoded during this Matcher's counts.
  const FacetTable& rows() const { return scratch_ ? *scratch_ : table_; }

  // The documents [first, first + size) of the ranked matches: full matches
  // in `order`, then (safety net) the partial ones; counts over all of them.
  // `visitor`, when given, sees every group counted.
  RankedMatches rank(const MatchQueries& queries, SortOrder order, Xapian::doccount first,
                     Xapian::doccount size, GroupVisitor* visitor = nullptr);

  // Every document about the query (MatchCounts::about_query): the full
  // matches, or the partial ones when there is none; no bound, no ranking.
  CollectedMatches collect(const MatchQueries& queries);

 private:
  const Xapian::Database& db_;
  const FacetTable& table_;
  MatchShards shards_;
  std::shared_ptr<FacetTable> scratch_;  // several shards: rows decoded from packs
};

}  // namespace chanjiao::search
