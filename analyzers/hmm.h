// HmmModel: a BMES hidden Markov model that segments runs of characters the
// dictionary does not know (names, new words). The parameters are jieba's
// (`finalseg`), converted to TSV at build time by tools/convert_jieba_hmm.py.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzers/unicode.h"
#include "core/status.h"

namespace chanjiao::analysis {

class HmmModel {
 public:
  // TSV lines: `start STATE logp`, `trans FROM TO logp`, `emit STATE CHAR logp`.
  Status load(const std::string& path);
  bool loaded() const { return !emit_[0].empty(); }

  // Splits the code points [begin, end) into words; returns the lengths (in
  // code points) of consecutive words.
  std::vector<size_t> cut(const std::vector<CodePoint>& cps, size_t begin, size_t end) const;

 private:
  enum State { kB = 0, kE = 1, kM = 2, kS = 3 };
  double emit(int state, char32_t c) const;

  std::array<double, 4> start_{};
  std::array<std::array<double, 4>, 4> trans_{};
  std::array<std::unordered_map<char32_t, double>, 4> emit_;
};

}  // namespace chanjiao::analysis
