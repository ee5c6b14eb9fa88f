// Pieces of queries and reasons that the recommenders share
// (search/recommender.cc, search/skill_coverage.cc). Internal to search/.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace chanjiao::search {

// At most this many items are named in one reason ("共同技能：A、B、C、D、E").
constexpr size_t kMaxReasonItems = 5;

// The skills of a document as its kSkillsValue lists them, in order.
std::vector<std::string> split_skills(const std::string& value);
// The first kMaxReasonItems items joined with "、".
std::string join_items(const std::vector<std::string>& items);
// `weight` for every document indexed with `term`, nothing for the others.
Xapian::Query fixed_weight(const std::string& term, double weight);
// The OR of `parts`; an empty query when there are none.
Xapian::Query any_of(std::vector<Xapian::Query> parts);
// Documents of any of `types` (type names); empty for no restriction.
Xapian::Query type_filter(const std::vector<std::string>& types);

// `query` without the source document's reposts (collapse key `key`; none
// when empty). A query, not a MatchDecider: remote shards (xapian-tcpsrv)
// take no decider (issue 16).
Xapian::Query not_reposts_of(const Xapian::Query& query, const std::string& key);

}  // namespace chanjiao::search
