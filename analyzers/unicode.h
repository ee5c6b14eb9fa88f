// Small UTF-8 helpers shared by the analysis pipeline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace chanjiao::analysis {

// One decoded code point and where it sits in the UTF-8 input.
struct CodePoint {
  char32_t value;
  uint32_t offset;  // byte offset of the first byte
  uint32_t length;  // bytes
};

// Decodes UTF-8; an invalid sequence becomes U+FFFD covering the bad bytes.
std::vector<CodePoint> decode_utf8(std::string_view text);

using chanjiao::is_valid_utf8;

void append_utf8(char32_t c, std::string& out);

// Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space map to
// ASCII; everything else is returned unchanged. Used to classify characters of
// raw text without rewriting it (segmentation keeps the input's bytes).
char32_t fold_width(char32_t c);

enum class CharClass {
  kHan,     // CJK ideograph
  kLetter,  // ASCII letter (after width folding)
  kDigit,   // ASCII digit (after width folding)
  kSpace,
  kOther,  // punctuation, symbols, letters of other scripts
};

CharClass classify(char32_t c);

// Chinese numerals (一二三…十百千万亿两零〇○) used in dates and counts.
bool is_chinese_numeral(char32_t c);

}  // namespace chanjiao::analysis
