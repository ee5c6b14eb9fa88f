#include "analyzers/protected_tokens.h"

#include <algorithm>
#include <fstream>

namespace chanjiao::analysis {

char32_t fold_for_matching(char32_t c) {
  c = fold_width(c);
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

namespace {

bool is_ascii_alnum(char32_t c) {
  c = fold_width(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

void ProtectedTokens::add(std::string_view token) {
  std::u32string folded;
  for (const CodePoint& cp : decode_utf8(token)) folded.push_back(fold_for_matching(cp.value));
  if (folded.empty()) return;
  auto& bucket = by_first_[folded[0]];
  if (std::find(bucket.begin(), bucket.end(), folded) != bucket.end()) return;
  bucket.push_back(std::move(folded));
  std::sort(bucket.begin(), bucket.end(),
            [](const std::u32string& a, const std::u32string& b) { return a.size() > b.size(); });
}

Status ProtectedTokens::add_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open protected-token list " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    add(line);
  }
  return Status::ok();
}

size_t ProtectedTokens::match(const std::vector<CodePoint>& cps, size_t start) const {
  auto bucket = by_first_.find(fold_for_matching(cps[start].value));
  if (bucket == by_first_.end()) return 0;
  if (start > 0 && is_ascii_alnum(cps[start - 1].value) && is_ascii_alnum(cps[start].value))
    return 0;
  for (const std::u32string& token : bucket->second) {
    if (start + token.size() > cps.size()) continue;
    bool equal = true;
    for (size_t k = 0; k < token.size() && equal; ++k)
      equal = fold_for_matching(cps[start + k].value) == token[k];
    if (!equal) continue;
    size_t end = start + token.size();
    // `c#` must not match inside `c#x`, nor `5g` inside `5gb`.
    if (end < cps.size() && is_ascii_alnum(cps[end - 1].value) && is_ascii_alnum(cps[end].value))
      continue;
    return token.size();
  }
  return 0;
}

}  // namespace chanjiao::analysis
