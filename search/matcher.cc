#include "search/matcher.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/index_fields.h"
#include "core/schema.h"

namespace chanjiao::search {
namespace {

// Counts every match once per collapse group, across the runs of one
// request (a document without facet fields is a group of its own), and
// shows each group's counting document (the lowest pack hash) to the
// visitor at finish(). A MatchSpy for one database or local shards; over
// remote shards the Matcher feeds it what a ValueCountMatchSpy collected
// (add_packs).
class GroupCounter : public Xapian::MatchSpy {
 public:
  GroupCounter(const FacetTable& table, FacetTable* scratch, GroupVisitor* visitor)
      : table_(table), scratch_(scratch), visitor_(visitor) {}

  void operator()(const Xapian::Document& doc, double) override {
    ++examined_;
    add(scratch_ != nullptr ? scratch_->add_pack(doc.get_value(schema::kFacetPack))
                            : table_.row(doc.get_docid()));
  }

  // What a ValueCountMatchSpy on schema::kFacetPack saw, into `scratch`.
  void add_packs(const Xapian::ValueCountMatchSpy& packs, FacetTable& scratch) {
    Xapian::doccount with_pack = 0;
    for (Xapian::TermIterator it = packs.values_begin(); it != packs.values_end(); ++it) {
      with_pack += it.get_termfreq();
      // Documents sharing a pack share its collapse key: one group, unless
      // the pack cannot be read (then each counts, as in the spy).
      const FacetTable::Row* row = scratch.add_pack(*it);
      add(row, row != nullptr ? 1 : it.get_termfreq());
    }
    add(nullptr, packs.get_total() - with_pack);
    examined_ += packs.get_total();
  }

  // Shows every group to the visitor; once, after the last run.
  void finish() {
    if (visitor_ != nullptr)
      for (const auto& [key, row] : groups_) visitor_->visit(row);
    visitor_ = nullptr;
  }

  Xapian::doccount counted() const {
    return without_row_ + static_cast<Xapian::doccount>(groups_.size());
  }
  // Candidates seen, before collapsing: below the check limit, all of them.
  Xapian::doccount examined() const { return examined_; }

 private:
  void add(const FacetTable::Row* row, Xapian::doccount documents = 1) {
    if (row == nullptr) {
      without_row_ += documents;
      return;
    }
    auto [it, added] = groups_.try_emplace(row->collapse_key, *row);
    if (!added && row->pack_hash < it->second.pack_hash) it->second = *row;
  }

  const FacetTable& table_;
  FacetTable* scratch_;  // several local shards: rows decoded from each document's pack
  GroupVisitor* visitor_;
  std::unordered_map<uint64_t, FacetTable::Row> groups_;
  Xapian::doccount without_row_ = 0;
  Xapian::doccount examined_ = 0;
};

// The collapse key of a document from its packed value (0: none): what a
// decider can know over several shards (matcher.h).
uint64_t collapse_key_of(const Xapian::Document& doc) {
  return schema::pack_collapse_key(doc.get_value(schema::kFacetPack));
}

// Keeps the partial matches from repeating a full match or one of its
// reposts. The partial query also excludes the full matches (AND_NOT); this
// makes the rule hold for reposts, which the AND_NOT does not know. Over
// several shards by collapse key alone (a decider sees local docids).
class NotInGroups : public Xapian::MatchDecider {
 public:
  NotInGroups(const FacetTable& table, const Xapian::MSet& full, bool sharded)
      : table_(table), sharded_(sharded) {
    for (Xapian::MSetIterator it = full.begin(); it != full.end(); ++it) {
      if (sharded_) {
        keys_.insert(collapse_key_of(it.get_document()));
        continue;
      }
      const FacetTable::Row* row = table.row(*it);
      if (row != nullptr) keys_.insert(row->collapse_key);
      docids_.insert(*it);
    }
  }
  bool operator()(const Xapian::Document& doc) const override {
    if (sharded_) {
      const uint64_t key = collapse_key_of(doc);
      return key == 0 || keys_.count(key) == 0;
    }
    const FacetTable::Row* row = table_.row(doc.get_docid());
    return docids_.count(doc.get_docid()) == 0 &&
           (row == nullptr || keys_.count(row->collapse_key) == 0);
  }

 private:
  const FacetTable& table_;
  bool sharded_;
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

Matcher::Matcher(const Xapian::Database& db, const FacetTable& table, MatchShards shards)
    : db_(db),
      table_(table),
      shards_(shards),
      scratch_(shards.count > 1 ? std::shared_ptr<FacetTable>(FacetTable::scratch()) : nullptr) {}

RankedMatches Matcher::rank(const MatchQueries& queries, SortOrder order, Xapian::doccount first,
                            Xapian::doccount size, GroupVisitor* visitor) {
  constexpr Xapian::doccount kCheck = MatchLimits::check_limit(/*partial=*/false);
  RankedMatches result;
  MatchCounts& counts = result.counts;
  // Remote shards run only Xapian's own spies: a ValueCountMatchSpy per run
  // on the packed value, decoded into the counter after the run.
  const bool remote = shards_.remote;
  GroupCounter counter(table_, remote ? nullptr : scratch_.get(), visitor);
  auto get_mset = [&](Xapian::Enquire& enquire, Xapian::doccount from, Xapian::doccount n,
                      const Xapian::MatchDecider* decider, Xapian::doccount check) {
    if (!remote) {
      enquire.add_matchspy(&counter);
      Xapian::MSet mset = enquire.get_mset(from, n, check, nullptr, decider);
      enquire.clear_matchspies();
      return mset;
    }
    Xapian::ValueCountMatchSpy packs(schema::kFacetPack);
    enquire.add_matchspy(&packs);
    Xapian::MSet mset = enquire.get_mset(from, n, check);
    enquire.clear_matchspies();
    counter.add_packs(packs, *scratch_);
    return mset;
  };
  Xapian::Enquire enquire = collapsed_enquire(db_, queries.strict);
  set_order(enquire, order);
  Xapian::MSet strict = get_mset(enquire, first, size, nullptr, kCheck);
  append(strict, false, result.page);
  counts.total_exact = counter.examined() < kCheck;
  const Xapian::doccount full = counter.counted();
  counts.full_matches = counts.total_exact ? full : std::max(full, strict.get_matches_estimated());
  counts.total = counts.full_matches;
  counts.counted = full;
  if (!queries.can_relax || !counts.total_exact || full >= MatchLimits::kRelaxBelow) {
    counter.finish();
    return result;
  }

  // The safety net. Fewer than kRelaxBelow full matches, all seen: their
  // groups, from the page when it holds them all, else from one more run.
  const Xapian::MSet all_full = first == 0 && size >= full ? strict : enquire.get_mset(0, full);
  NotInGroups partial_only(table_, all_full, shards_.count > 1);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, queries.relaxed, queries.strict));
  const Xapian::doccount end = first + size;
  const Xapian::doccount skip = first > full ? first - full : 0;
  const Xapian::doccount wanted = end > full ? end - std::max(first, full) : 0;
  // Run even when the page holds no partial match: the total counts them.
  // Remotely there is no decider: rank from the start, far enough to make
  // up for the groups dropped here (the counter keeps one per group anyway).
  constexpr Xapian::doccount kPartialCheck = MatchLimits::check_limit(/*partial=*/true);
  const Xapian::doccount examined_full = counter.examined();
  Xapian::MSet partial =
      remote ? get_mset(enquire, 0, skip + wanted + all_full.size(), nullptr, kPartialCheck)
             : get_mset(enquire, skip, wanted, &partial_only, kPartialCheck);
  Xapian::doccount skipped = 0, taken = 0;
  for (Xapian::MSetIterator it = partial.begin(); it != partial.end() && taken < wanted; ++it) {
    const Xapian::Document doc = it.get_document();
    if (remote && (!partial_only(doc) || skipped++ < skip)) continue;
    result.page.push_back({doc, it.get_weight(), true});
    ++taken;
  }
  counter.finish();
  counts.total_exact = counter.examined() - examined_full < kPartialCheck;
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
    enquire.set_query(query);
    if (shards_.count > 1) {
      // A spy would see shard-local docids: the MSet's are the combined ones.
      const Xapian::MSet all = enquire.get_mset(0, db_.get_doccount());
      for (Xapian::MSetIterator it = all.begin(); it != all.end(); ++it) spy.ids.push_back(*it);
    } else {
      enquire.add_matchspy(&spy);
      enquire.get_mset(0, 0, db_.get_doccount());
      enquire.clear_matchspies();
    }
    std::sort(spy.ids.begin(), spy.ids.end());
    CollectedMatches m;
    m.candidates = static_cast<Xapian::doccount>(spy.ids.size());
    // One per group: the document with the lowest pack hash (matcher.h).
    std::unordered_map<uint64_t, size_t> group_at;  // collapse key → index
    group_at.reserve(spy.ids.size());
    for (Xapian::docid did : spy.ids) {
      const FacetTable::Row* row = table_.row(did);
      if (row != nullptr) {
        auto [it, added] = group_at.try_emplace(row->collapse_key, m.ids.size());
        if (!added) {
          if (row->pack_hash < m.rows[it->second]->pack_hash) {
            m.ids[it->second] = did;
            m.rows[it->second] = row;
          }
          continue;
        }
      }
      m.ids.push_back(did);
      m.rows.push_back(row);
    }
    // Ascending docids (insights read value streams in order).
    std::vector<size_t> order(m.ids.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&m](size_t a, size_t b) { return m.ids[a] < m.ids[b]; });
    CollectedMatches sorted;
    sorted.candidates = m.candidates;
    for (size_t i : order) {
      sorted.ids.push_back(m.ids[i]);
      sorted.rows.push_back(m.rows[i]);
    }
    return sorted;
  };
  CollectedMatches matches = run(queries.strict);
  if (matches.ids.empty() && queries.can_relax) {
    matches = run(queries.relaxed);
    matches.relaxed = true;
  }
  matches.counted_exactly = matches.candidates < MatchLimits::check_limit(matches.relaxed);
  return matches;
}

}  // namespace chanjiao::search
