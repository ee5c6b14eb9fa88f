#include "analyzers/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <exception>
#include <opencc/SimpleConverter.hpp>

#include "analyzers/unicode.h"

namespace chanjiao::analysis {
namespace {

constexpr char32_t kFirstHan = 0x4E00;
constexpr char32_t kLastHan = 0x9FFF;

// What character-level t2s makes of each character; the ones it changes
// only occur in traditional text.
std::vector<char32_t> simplified_characters() {
  opencc::SimpleConverter t2s("t2s.json");
  std::string all;
  for (char32_t c = kFirstHan; c <= kLastHan; ++c) {
    append_utf8(c, all);
    all.push_back('\n');
  }
  std::string converted = t2s.Convert(all);
  std::vector<char32_t> out(kLastHan - kFirstHan + 1);
  size_t line_start = 0;
  for (char32_t c = kFirstHan; c <= kLastHan; ++c) {
    size_t line_end = converted.find('\n', line_start);
    if (line_end == std::string::npos) break;
    std::vector<CodePoint> cps =
        decode_utf8(std::string_view(converted).substr(line_start, line_end - line_start));
    if (cps.size() == 1 && cps[0].value != c) out[c - kFirstHan] = cps[0].value;
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Normalizer>> Normalizer::create(const std::string& opencc_config) {
  std::unique_ptr<Normalizer> normalizer(new Normalizer());
  UErrorCode error = U_ZERO_ERROR;
  normalizer->nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error)) {
    return Status::internal(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(error));
  }
  try {
    normalizer->t2s_ = std::make_unique<opencc::SimpleConverter>(opencc_config);
    normalizer->simplified_ = simplified_characters();
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

bool Normalizer::is_traditional(char32_t c) const {
  return c >= kFirstHan && c <= kLastHan && simplified_[c - kFirstHan] != 0;
}

char32_t Normalizer::fold_char(char32_t c) const {
  c = fold_width(c);
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  return is_traditional(c) ? simplified_[c - kFirstHan] : c;
}

std::string Normalizer::normalize(std::string_view text) const {
  std::string folded = fold(text);
  std::vector<CodePoint> cps = decode_utf8(folded);
  bool any_traditional = false;
  for (const CodePoint& cp : cps) any_traditional = any_traditional || is_traditional(cp.value);
  if (!any_traditional) return folded;
  // Convert clause by clause, only the clauses with traditional characters.
  std::string out;
  size_t clause_start = 0;
  bool clause_traditional = false;
  auto flush = [&](size_t end) {
    if (end <= clause_start) return;
    uint32_t b = cps[clause_start].offset;
    uint32_t e = end < cps.size() ? cps[end].offset : static_cast<uint32_t>(folded.size());
    std::string_view clause = std::string_view(folded).substr(b, e - b);
    out += clause_traditional ? t2s_->Convert(clause.data(), clause.size()) : std::string(clause);
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    CharClass k = classify(cps[i].value);
    if (k == CharClass::kSpace || k == CharClass::kOther) {
      flush(i);
      clause_start = i;
      clause_traditional = false;
    }
    clause_traditional = clause_traditional || is_traditional(cps[i].value);
  }
  flush(cps.size());
  return out;
}

}  // namespace chanjiao::analysis
