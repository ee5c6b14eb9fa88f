// Highlighter: HTML snippets with <mark> around whole matched words.
//
// The stored text is segmented as it is (so marks fall on word boundaries of
// what the user sees), each word is normalised and compared with the query's
// words; a word containing a query word (工业机器人 for 机器人) is marked
// whole. Text is HTML-escaped before marks are added.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzers/analyzer.h"

namespace chanjiao::search {

class Highlighter {
 public:
  Highlighter(const analysis::Analyzer& analyzer, const std::vector<std::string>& words);

  // The whole text, escaped and marked.
  std::string highlight(std::string_view text) const;
  // The best window of about `max_chars` characters (most matches), with
  // "…" where text was cut.
  std::string snippet(std::string_view text, size_t max_chars) const;

 private:
  bool matches(const std::string& normalized_word) const;
  // The best window of `text`; says whether text was cut at either end.
  std::string best_window(std::string_view text, size_t max_chars, bool& cut_front,
                          bool& cut_back) const;
  std::string render(std::string_view text, const std::vector<analysis::Token>& tokens,
                     size_t first, size_t last) const;

  const analysis::Analyzer& analyzer_;
  std::vector<std::string> words_;
};

std::string html_escape(std::string_view text);

}  // namespace chanjiao::search
