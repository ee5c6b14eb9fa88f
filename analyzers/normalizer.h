// Normalizer: NFKC + case folding (全角→半角, `ＪＡＶＡ`→`java`), then
// traditional→simplified Chinese at the phrase level with OpenCC's tw2sp
// (`軟體工程師`→`软件工程师`, `程式設計`→`编程`), which character-level
// conversion (ICU's Traditional-Simplified) gets wrong (`软体`).
//
// Thread-safe after construction.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <unicode/normalizer2.h>

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

 private:
  Normalizer() = default;
  const icu::Normalizer2* nfkc_casefold_ = nullptr;
  std::unique_ptr<opencc::SimpleConverter> t2s_;
};

}  // namespace chanjiao::analysis
