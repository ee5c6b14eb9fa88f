#include "analyzers/unicode.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace chanjiao::analysis {

std::vector<CodePoint> decode_utf8(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    out.push_back(
        {static_cast<char32_t>(c), static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)});
  }
  return out;
}

void append_utf8(char32_t c, std::string& out) {
  char buf[4];
  int32_t i = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), i, 4, static_cast<UChar32>(c), error);
  if (!error) out.append(buf, static_cast<size_t>(i));
}

char32_t fold_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return U' ';
  return c;
}

bool is_chinese_numeral(char32_t c) {
  switch (c) {
    case U'零':
    case U'〇':
    case U'○':
    case U'一':
    case U'二':
    case U'三':
    case U'四':
    case U'五':
    case U'六':
    case U'七':
    case U'八':
    case U'九':
    case U'十':
    case U'百':
    case U'千':
    case U'万':
    case U'亿':
    case U'两':
      return true;
    default:
      return false;
  }
}

CharClass classify(char32_t raw) {
  char32_t c = fold_width(raw);
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
      return CharClass::kSpace;
    return CharClass::kOther;
  }
  if (c == U'〇' || c == U'○') return CharClass::kHan;
  UErrorCode error = U_ZERO_ERROR;
  if (uscript_getScript(static_cast<UChar32>(c), &error) == USCRIPT_HAN &&
      u_isalpha(static_cast<UChar32>(c)))
    return CharClass::kHan;
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return CharClass::kSpace;
  return CharClass::kOther;
}

}  // namespace chanjiao::analysis
