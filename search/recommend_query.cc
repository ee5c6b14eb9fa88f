#include "search/recommend_query.h"

#include "core/schema.h"

namespace chanjiao::search {

Xapian::Query not_reposts_of(const Xapian::Query& query, const std::string& key) {
  if (key.empty()) return query;
  return Xapian::Query(
      Xapian::Query::OP_AND_NOT, query,
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kCollapseKey, key, key));
}

std::vector<std::string> split_skills(const std::string& value) {
  std::vector<std::string> out;
  for (size_t b = 0; b < value.size();) {
    size_t e = value.find(schema::kSkillSeparator, b);
    if (e == std::string::npos) e = value.size();
    if (e > b) out.push_back(value.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string join_items(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kMaxReasonItems; ++i)
    out += (i ? "、" : "") + items[i];
  return out;
}

Xapian::Query fixed_weight(const std::string& term, double weight) {
  Xapian::Query source((new Xapian::FixedWeightPostingSource(weight))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, source, Xapian::Query(term));
}

Xapian::Query any_of(std::vector<Xapian::Query> parts) {
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query type_filter(const std::vector<std::string>& types) {
  std::vector<Xapian::Query> parts;
  for (const std::string& t : types) parts.emplace_back(schema::term(schema::kType, t));
  return any_of(std::move(parts));
}

}  // namespace chanjiao::search
