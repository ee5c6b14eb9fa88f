#include "analyzers/index_vocabulary.h"

#include <cstdint>

namespace chanjiao::analysis {

std::string IndexVocabulary::filter_value(std::string_view value) const {
  std::string normalized = analyzer_.normalize(value);
  size_t b = normalized.find_first_not_of(' ');
  size_t e = normalized.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : normalized.substr(b, e - b + 1);
}

std::string IndexVocabulary::collapse_key(const Document& doc) const {
  // An 8-byte hash rather than the text itself: the matcher compares and
  // hashes collapse keys for every candidate, so short keys keep it fast.
  std::string identity = std::string(type_name(doc.type)) + "|" + filter_value(doc.org) + "|" +
                         filter_value(doc.title);
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : identity) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return std::string(reinterpret_cast<const char*>(&hash), sizeof hash);
}

}  // namespace chanjiao::analysis
