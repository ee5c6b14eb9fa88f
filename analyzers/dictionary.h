// Dictionary: the word list the segmenter searches, with frequencies.
//
// Loaded once from jieba-format files (`word freq [tag]` per line) and then
// shared read-only; lookups are thread-safe. Only words made entirely of Han
// characters are kept: Latin and digit runs are tokenized by rule, not by
// dictionary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace chanjiao::analysis {

class Dictionary {
 public:
  struct Entry {
    double frequency = 0;  // 0 marks a prefix of a longer word, not a word
    std::string tag;       // part of speech / domain tag, may be empty
  };

  // Adds the words of a file; later files override earlier frequencies.
  // Malformed lines are reported as `path:line: problem` in the Status.
  Status add_file(const std::string& path);
  void add_word(std::string_view word, double frequency, std::string_view tag);

  // nullptr when `text` is neither a word nor a prefix of one.
  const Entry* find(std::string_view text) const;
  bool contains_word(std::string_view text) const {
    const Entry* e = find(text);
    return e != nullptr && e->frequency > 0;
  }

  double total_frequency() const { return total_frequency_; }
  size_t max_word_chars() const { return max_word_chars_; }
  size_t word_count() const { return word_count_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  double total_frequency_ = 0;
  size_t max_word_chars_ = 1;
  size_t word_count_ = 0;
};

}  // namespace chanjiao::analysis
