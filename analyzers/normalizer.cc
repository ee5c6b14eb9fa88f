#include "analyzers/normalizer.h"

#include <opencc/SimpleConverter.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <exception>

namespace chanjiao::analysis {

Result<std::unique_ptr<Normalizer>> Normalizer::create(const std::string& opencc_config) {
  std::unique_ptr<Normalizer> normalizer(new Normalizer());
  UErrorCode error = U_ZERO_ERROR;
  normalizer->nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error)) {
    return Status::internal(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(error));
  }
  try {
    normalizer->t2s_ = std::make_unique<opencc::SimpleConverter>(opencc_config);
  } catch (const std::exception& e) {
    return Status::not_found("cannot load OpenCC config " + opencc_config + ": " + e.what());
  }
  return normalizer;
}

Normalizer::~Normalizer() = default;

std::string Normalizer::fold(std::string_view text) const {
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = nfkc_casefold_->normalize(source, error);
  std::string out;
  if (U_FAILURE(error)) return std::string(text);
  folded.toUTF8String(out);
  return out;
}

std::string Normalizer::normalize(std::string_view text) const {
  std::string folded = fold(text);
  // Pure ASCII cannot contain traditional characters; skip the converter.
  bool ascii = true;
  for (unsigned char c : folded) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return folded;
  return t2s_->Convert(folded);
}

}  // namespace chanjiao::analysis
