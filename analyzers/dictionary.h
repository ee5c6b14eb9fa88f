// Dictionary: the word list the segmenter searches, with frequencies.
//
// Loaded once from jieba-format files (`word freq [tag]` per line) and then
// shared read-only; lookups are thread-safe. Only words made entirely of Han
// characters are kept: Latin and digit runs are tokenized by rule.
//
// Stored as a trie over code points whose edges live in one open-addressing
// hash table keyed by (node, character): the segmenter extends a candidate
// word one character at a time with a single integer lookup, instead of
// hashing every substring.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace chanjiao::analysis {

class Dictionary {
 public:
  using Node = uint32_t;
  static constexpr Node kRoot = 0;
  static constexpr Node kNone = 0;  // the root is never a child

  struct Entry {
    double frequency = 0;  // 0 marks a prefix of a longer word, not a word
    std::string_view tag;  // part of speech / domain tag, may be empty
  };

  Dictionary();

  // Adds the words of a file; later files override earlier frequencies.
  // Malformed lines are reported as `path:line: problem` in the Status.
  Status add_file(const std::string& path);
  void add_word(std::string_view word, double frequency, std::string_view tag);

  // The node reached from `node` by character `c`, or kNone.
  Node child(Node node, char32_t c) const;
  double frequency(Node node) const { return nodes_[node].frequency; }
  // The word's part-of-speech / domain tag (`nr`, `ns`, `skill` …), may be empty.
  std::string_view tag(Node node) const { return tags_[nodes_[node].tag]; }

  // nullopt when `text` is neither a word nor a prefix of one.
  std::optional<Entry> find(std::string_view text) const;
  bool contains_word(std::string_view text) const {
    auto e = find(text);
    return e && e->frequency > 0;
  }

  double total_frequency() const { return total_frequency_; }

 private:
  struct NodeData {
    double frequency = 0;
    uint16_t tag = 0;  // index into tags_
  };
  struct Edge {
    uint64_t key = kEmptyKey;  // (parent << 21) | character
    Node child = kNone;
  };
  static constexpr uint64_t kEmptyKey = ~0ULL;

  Node add_child(Node node, char32_t c);
  void grow_edges();
  size_t slot_of(uint64_t key) const;

  std::vector<NodeData> nodes_;
  std::vector<Edge> edges_;  // power-of-two size, at most half full
  size_t edge_count_ = 0;
  std::vector<std::string> tags_;
  double total_frequency_ = 0;
};

}  // namespace chanjiao::analysis
