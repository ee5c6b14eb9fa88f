#include "search/query_parser.h"

#include <charconv>

namespace chanjiao::search {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Splits on whitespace, keeping "quoted text" together (the quotes stay on the
// token so the parser can see them). An unterminated quote runs to the end.
std::vector<std::string> split_tokens(std::string_view q) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && is_space(q[i])) ++i;
    if (i >= q.size()) break;
    size_t start = i;
    bool in_quote = false;
    while (i < q.size() && (in_quote || !is_space(q[i]))) {
      if (q[i] == '"') in_quote = !in_quote;
      ++i;
    }
    out.emplace_back(q.substr(start, i - start));
  }
  return out;
}

std::optional<int64_t> parse_int(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// salary:A..B, salary:A.., salary:..B → true when it parsed.
bool parse_salary(std::string_view value, ParsedQuery& out) {
  size_t dots = value.find("..");
  if (dots == std::string_view::npos) return false;
  std::string_view lo = value.substr(0, dots), hi = value.substr(dots + 2);
  auto min = parse_int(lo), max = parse_int(hi);
  if ((!lo.empty() && !min) || (!hi.empty() && !max) || (!min && !max)) return false;
  if (min && max && *min > *max) return false;
  out.salary_min = min;
  out.salary_max = max;
  return true;
}

Clause make_clause(std::string_view token) {
  Clause c;
  if (token.size() > 1 && token[0] == '-') {
    c.excluded = true;
    token.remove_prefix(1);
  }
  size_t colon = token.find(':');
  if (colon != std::string_view::npos && colon + 1 < token.size()) {
    std::string_view field = token.substr(0, colon);
    if (field == "title") c.field = ClauseField::kTitle;
    if (field == "org") c.field = ClauseField::kOrg;
    if (field == "skill") c.field = ClauseField::kSkill;
    if (c.field != ClauseField::kAny) token.remove_prefix(colon + 1);
  }
  if (token.size() >= 2 && token.front() == '"') {
    c.phrase = true;
    token.remove_prefix(1);
    if (!token.empty() && token.back() == '"') token.remove_suffix(1);
  }
  // Stray quotes are not syntax; they are dropped from the searched text.
  for (char ch : token)
    if (ch != '"') c.text.push_back(ch);
  return c;
}

}  // namespace

ParsedQuery parse_query(std::string_view query) {
  ParsedQuery out;
  std::vector<std::string> tokens = split_tokens(query);
  bool join_next = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    bool has_left = !out.groups.empty() && !join_next;
    bool has_right = i + 1 < tokens.size();
    if (token == "OR" && has_left && has_right) {
      join_next = true;
      continue;
    }
    if (token.rfind("salary:", 0) == 0 && parse_salary(std::string_view(token).substr(7), out))
      continue;
    Clause clause = make_clause(token);
    if (clause.text.find_first_not_of(" ") == std::string::npos) continue;
    if (clause.excluded) {
      out.excluded.push_back(std::move(clause));
      continue;
    }
    if (join_next) {
      out.groups.back().alternatives.push_back(std::move(clause));
      join_next = false;
    } else {
      out.groups.push_back(ClauseGroup{{std::move(clause)}});
    }
  }
  return out;
}

}  // namespace chanjiao::search
