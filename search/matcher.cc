#include "search/matcher.h"

#include <algorithm>
#include <unordered_set>

#include "core/schema.h"

namespace chanjiao::search {
namespace {

// Counts every match once per collapse group, across the runs of one
// request (a group's first document counts; a document without facet fields
// is a group of its own), and shows each counted group to the visitor.
class GroupCounter : public Xapian::MatchSpy {
 public:
  GroupCounter(const FacetTable& table, GroupVisitor* visitor) : table_(table), visitor_(visitor) {}

  void operator()(const Xapian::Document& doc, double) override {
    ++examined_;
    const FacetTable::Row* row = table_.row(doc.get_docid());
    if (row != nullptr && !seen_.insert(row->collapse_key).second) return;
    ++counted_;
    if (row != nullptr && visitor_ != nullptr) visitor_->visit(*row);
  }

  Xapian::doccount counted() const { return counted_; }
  // Candidates seen, before collapsing: below the check limit, all of them.
  Xapian::doccount examined() const { return examined_; }

 private:
  const FacetTable& table_;
  GroupVisitor* visitor_;
  std::unordered_set<uint64_t> seen_;
  Xapian::doccount examined_ = 0;
  Xapian::doccount counted_ = 0;
};

// Keeps the partial matches from repeating a full match or one of its
// reposts. The partial query also excludes the full matches (AND_NOT); this
// makes the rule hold for reposts, which the AND_NOT does not know.
class NotInGroups : public Xapian::MatchDecider {
 public:
  NotInGroups(const FacetTable& table, const Xapian::MSet& full) : table_(table) {
    for (Xapian::MSetIterator it = full.begin(); it != full.end(); ++it) {
      const FacetTable::Row* row = table.row(*it);
      if (row != nullptr) keys_.insert(row->collapse_key);
      docids_.insert(*it);
    }
  }
  bool operator()(const Xapian::Document& doc) const override {
    const FacetTable::Row* row = table_.row(doc.get_docid());
    return docids_.count(doc.get_docid()) == 0 &&
           (row == nullptr || keys_.count(row->collapse_key) == 0);
  }

 private:
  const FacetTable& table_;
  std::unordered_set<uint64_t> keys_;
  std::unordered_set<Xapian::docid> docids_;
};

void set_order(Xapian::Enquire& enquire, SortOrder order) {
  switch (order) {
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
}

void append(const Xapian::MSet& mset, bool partial, std::vector<MatchedDocument>& page) {
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
    page.push_back({it.get_document(), it.get_weight(), partial});
}

// Records the candidate documents.
class DocidSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override { ids.push_back(doc.get_docid()); }
  std::vector<Xapian::docid> ids;
};

}  // namespace

Xapian::Enquire collapsed_enquire(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_collapse_key(schema::kCollapseKey);
  enquire.set_time_limit(MatchLimits::kMatchTimeLimitSeconds);
  return enquire;
}

RankedMatches Matcher::rank(const MatchQueries& queries, SortOrder order, Xapian::doccount first,
                            Xapian::doccount size, GroupVisitor* visitor) {
  constexpr Xapian::doccount kCheck = MatchLimits::kCountCheckLimit;
  RankedMatches result;
  MatchCounts& counts = result.counts;
  GroupCounter counter(table_, visitor);
  Xapian::Enquire enquire = collapsed_enquire(db_, queries.strict);
  set_order(enquire, order);
  enquire.add_matchspy(&counter);
  Xapian::MSet strict = enquire.get_mset(first, size, kCheck);
  append(strict, false, result.page);
  counts.total_exact = counter.examined() < kCheck;
  const Xapian::doccount full = counter.counted();
  counts.full_matches = counts.total_exact ? full : std::max(full, strict.get_matches_estimated());
  counts.total = counts.full_matches;
  counts.counted = full;
  if (!queries.can_relax || !counts.total_exact || full >= MatchLimits::kRelaxBelow) return result;

  // The safety net. Fewer than kRelaxBelow full matches, all seen: their
  // groups, from the page when it holds them all, else from one more run.
  enquire.clear_matchspies();
  const Xapian::MSet all_full = first == 0 && size >= full ? strict : enquire.get_mset(0, full);
  NotInGroups partial_only(table_, all_full);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, queries.relaxed, queries.strict));
  enquire.add_matchspy(&counter);
  const Xapian::doccount end = first + size;
  const Xapian::doccount skip = first > full ? first - full : 0;
  const Xapian::doccount wanted = end > full ? end - std::max(first, full) : 0;
  // Run even when the page holds no partial match: the total counts them.
  Xapian::MSet partial = enquire.get_mset(skip, wanted, kCheck, nullptr, &partial_only);
  append(partial, true, result.page);
  counts.total_exact = counter.examined() < kCheck;
  counts.total = counts.total_exact
                     ? counter.counted()
                     : std::max(counter.counted(), full + partial.get_matches_estimated());
  counts.counted = counter.counted();
  counts.relaxed = full == 0;
  return result;
}

CollectedMatches Matcher::collect(const MatchQueries& queries) {
  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_time_limit(MatchLimits::kMatchTimeLimitSeconds);
  auto run = [&](const Xapian::Query& query) {
    DocidSpy spy;
    enquire.clear_matchspies();
    enquire.add_matchspy(&spy);
    enquire.set_query(query);
    enquire.get_mset(0, 0, db_.get_doccount());
    enquire.clear_matchspies();
    std::sort(spy.ids.begin(), spy.ids.end());
    CollectedMatches m;
    m.candidates = static_cast<Xapian::doccount>(spy.ids.size());
    std::unordered_set<uint64_t> seen;
    seen.reserve(spy.ids.size());
    for (Xapian::docid did : spy.ids) {
      const FacetTable::Row* row = table_.row(did);
      if (row != nullptr && !seen.insert(row->collapse_key).second) continue;
      m.ids.push_back(did);
      m.rows.push_back(row);
    }
    return m;
  };
  CollectedMatches matches = run(queries.strict);
  if (matches.ids.empty() && queries.can_relax) {
    matches = run(queries.relaxed);
    matches.relaxed = true;
  }
  return matches;
}

}  // namespace chanjiao::search
