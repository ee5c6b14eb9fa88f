// Pinyin: toneless pinyin syllables for Han words, so that `qianduan`,
// `sjfx` or `changsha` typed by a user match 前端, 数据分析, 长沙.
//
// Per-character readings come from ICU's Han-Latin transliterator, which
// knows one reading per character; a word table (corpus/dict/pinyin.txt)
// overrides it for polyphones in context (银行 yin hang, 会计 kuai ji).
// Thread-safe after load.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace chanjiao::analysis {

class Pinyin {
 public:
  // Builds the per-character table with ICU and reads the word table.
  Status load(const std::string& word_table_path);

  // Syllables of `word` (one per Han character), or empty when the word has a
  // character without a reading (Latin, punctuation).
  std::vector<std::string> syllables(std::string_view word) const;

  // `yinhang` and `yh` for 银行; empty strings when there is no reading.
  std::string full(std::string_view word) const;
  std::string initials(std::string_view word) const;

 private:
  std::unordered_map<char32_t, std::string> by_char_;
  std::unordered_map<std::string, std::vector<std::string>> by_word_;
  size_t max_word_chars_ = 1;
};

}  // namespace chanjiao::analysis
