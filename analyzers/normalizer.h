// Normalizer: NFKC + case folding (全角→半角, `ＪＡＶＡ`→`java`), then
// traditional→simplified Chinese at the phrase level with OpenCC's tw2sp
// (`軟體工程師`→`软件工程师`, `程式設計`→`编程`), which character-level
// conversion (ICU's Traditional-Simplified) gets wrong (`软体`).
//
// OpenCC's tw2sp must only see traditional text: applied to simplified text
// it rewrites mainland words as if they were Taiwanese (程序员→进程员,
// 核心→内核). So only clauses (text between punctuation or spaces) that hold
// a traditional-only character are converted.
//
// Thread-safe after construction.
#pragma once

#include <unicode/normalizer2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace opencc {
class SimpleConverter;
}

namespace chanjiao::analysis {

class Normalizer {
 public:
  // `opencc_config` is an OpenCC config name (e.g. `tw2sp.json`) or path.
  static Result<std::unique_ptr<Normalizer>> create(const std::string& opencc_config);
  ~Normalizer();

  std::string normalize(std::string_view text) const;
  // NFKC + case folding only; keeps traditional characters.
  std::string fold(std::string_view text) const;

  // One character mapped on its own: width folded, ASCII lower-cased and
  // traditional→simplified by character. Keeps text aligned character for
  // character, which highlighting needs (phrase conversion changes lengths).
  char32_t fold_char(char32_t c) const;

 private:
  Normalizer() = default;
  bool is_traditional(char32_t c) const;

  const icu::Normalizer2* nfkc_casefold_ = nullptr;
  // What OpenCC's t2s makes of each character from U+4E00 (0: itself or
  // more than one character).
  std::vector<char32_t> simplified_;
  std::unique_ptr<opencc::SimpleConverter> t2s_;
};

}  // namespace chanjiao::analysis
