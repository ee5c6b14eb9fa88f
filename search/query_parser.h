// QueryParser: the user's query language, parsed without Xapian so that no
// input can make it throw.
//
//   软件 工程师        all words should match (ranked; falls back to any)
//   "数据 分析"        phrase
//   -外包              exclude
//   java OR python     either
//   title:运维  org:华为  skill:plc      field restrictions
//   salary:8000..15000 salary:8000..   salary range (overlap with the posting)
//
// Anything that does not parse as syntax is searched as text: a lone `"`, a
// bare `-`, `OR` at either end, an unknown `field:`, a malformed range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chanjiao::search {

enum class ClauseField { kAny, kTitle, kOrg, kSkill };

struct Clause {
  std::string text;  // raw text of the clause (without quotes / prefix)
  bool phrase = false;
  bool excluded = false;
  ClauseField field = ClauseField::kAny;
};

// Clauses joined by OR form one group; groups are combined with AND.
struct ClauseGroup {
  std::vector<Clause> alternatives;
};

struct ParsedQuery {
  std::vector<ClauseGroup> groups;    // positive groups
  std::vector<Clause> excluded;       // -clauses
  std::optional<int64_t> salary_min;  // from salary:A..B
  std::optional<int64_t> salary_max;
  bool empty() const { return groups.empty() && excluded.empty(); }
};

ParsedQuery parse_query(std::string_view query);

}  // namespace chanjiao::search
