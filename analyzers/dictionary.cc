#include "analyzers/dictionary.h"

#include <charconv>
#include <fstream>

#include "analyzers/unicode.h"

namespace chanjiao::analysis {
namespace {

uint64_t edge_key(Dictionary::Node node, char32_t c) {
  return (static_cast<uint64_t>(node) << 21) | static_cast<uint64_t>(c);
}

// splitmix64 finaliser: spreads sequential keys over the table.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Dictionary::Dictionary() : nodes_(1), edges_(1 << 16), tags_{""} {}

size_t Dictionary::slot_of(uint64_t key) const {
  size_t mask = edges_.size() - 1;
  size_t slot = mix(key) & mask;
  while (edges_[slot].key != key && edges_[slot].key != kEmptyKey) slot = (slot + 1) & mask;
  return slot;
}

Dictionary::Node Dictionary::child(Node node, char32_t c) const {
  const Edge& edge = edges_[slot_of(edge_key(node, c))];
  return edge.key == kEmptyKey ? kNone : edge.child;
}

void Dictionary::grow_edges() {
  std::vector<Edge> old(edges_.size() * 2);
  old.swap(edges_);
  for (const Edge& e : old)
    if (e.key != kEmptyKey) edges_[slot_of(e.key)] = e;
}

Dictionary::Node Dictionary::add_child(Node node, char32_t c) {
  if (Node existing = child(node, c); existing != kNone) return existing;
  if (2 * (edge_count_ + 1) > edges_.size()) grow_edges();
  uint64_t key = edge_key(node, c);
  Node created = static_cast<Node>(nodes_.size());
  nodes_.emplace_back();
  edges_[slot_of(key)] = Edge{key, created};
  ++edge_count_;
  return created;
}

void Dictionary::add_word(std::string_view word, double frequency, std::string_view tag) {
  std::vector<CodePoint> cps = decode_utf8(word);
  if (cps.empty() || frequency <= 0) return;
  for (const CodePoint& cp : cps)
    if (classify(cp.value) != CharClass::kHan) return;
  Node node = kRoot;
  for (const CodePoint& cp : cps) node = add_child(node, cp.value);
  NodeData& data = nodes_[node];
  total_frequency_ -= data.frequency;  // 0 unless the word is redefined
  data.frequency = frequency;
  total_frequency_ += frequency;
  size_t t = 0;
  while (t < tags_.size() && tags_[t] != tag) ++t;
  if (t == tags_.size()) tags_.emplace_back(tag);
  data.tag = static_cast<uint16_t>(t);
}

std::optional<Dictionary::Entry> Dictionary::find(std::string_view text) const {
  Node node = kRoot;
  for (const CodePoint& cp : decode_utf8(text)) {
    node = child(node, cp.value);
    if (node == kNone) return std::nullopt;
  }
  if (node == kRoot) return std::nullopt;
  return Entry{nodes_[node].frequency, tags_[nodes_[node].tag]};
}

Status Dictionary::add_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open dictionary " + path);
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t word_end = line.find(' ');
    std::string_view word = std::string_view(line).substr(0, word_end);
    double frequency = 1;
    std::string_view tag;
    if (word_end != std::string::npos) {
      std::string_view rest = std::string_view(line).substr(word_end + 1);
      size_t freq_end = rest.find(' ');
      std::string_view freq_text = rest.substr(0, freq_end);
      auto [ptr, ec] =
          std::from_chars(freq_text.data(), freq_text.data() + freq_text.size(), frequency);
      if (ec != std::errc() || ptr != freq_text.data() + freq_text.size()) {
        return Status::invalid_argument(path + ":" + std::to_string(line_number) +
                                        ": frequency is not a number: '" + std::string(freq_text) +
                                        "'");
      }
      if (freq_end != std::string_view::npos) tag = rest.substr(freq_end + 1);
    }
    if (!is_valid_utf8(word)) {
      return Status::invalid_argument(path + ":" + std::to_string(line_number) +
                                      ": word is not valid UTF-8");
    }
    add_word(word, frequency, tag);
  }
  return Status::ok();
}

}  // namespace chanjiao::analysis
