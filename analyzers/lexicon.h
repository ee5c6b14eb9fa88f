// Lexicon: query-time word lists — synonym groups and stop words.
//
// Words are stored normalised (the Analyzer normalises them on load), so a
// lookup with an analysed token matches `Web前端` as well as `web前端`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"

namespace chanjiao::analysis {

class Lexicon {
 public:
  // synonyms.txt: one group per line, words separated by spaces.
  Status add_synonyms_file(const std::string& path,
                           const std::function<std::string(std::string_view)>& normalize);
  // stopwords.txt: one word per line.
  Status add_stopwords_file(const std::string& path,
                            const std::function<std::string(std::string_view)>& normalize);

  // The other members of `word`'s synonym groups (never `word` itself).
  std::vector<std::string> synonyms(std::string_view word) const;
  bool is_stopword(std::string_view word) const;

 private:
  std::vector<std::vector<std::string>> groups_;
  std::unordered_map<std::string, std::vector<size_t>> group_of_;
  std::unordered_set<std::string> stopwords_;
};

}  // namespace chanjiao::analysis
