// ProtectedTokens: terms such as `C++`, `.NET`, `1+X` or `3D打印` that the
// segmenter must keep whole, even when glued to Chinese (`熟悉C++和5G基站`).
//
// Matching is case- and width-insensitive; a match must not start or end in
// the middle of a Latin word (`abc++` is not `c++`).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "analyzers/unicode.h"
#include "core/status.h"

namespace chanjiao::analysis {

class ProtectedTokens {
 public:
  // One token per line, `#` comments; see corpus/dict/protected.txt.
  Status add_file(const std::string& path);
  void add(std::string_view token);

  // Number of code points of the longest protected token starting at
  // cps[start], or 0.
  size_t match(const std::vector<CodePoint>& cps, size_t start) const;

 private:
  // Folded lower-case code points, grouped by first character, longest first.
  std::unordered_map<char32_t, std::vector<std::u32string>> by_first_;
};

// Lower-cases ASCII and folds width; what protected matching compares.
char32_t fold_for_matching(char32_t c);

}  // namespace chanjiao::analysis
