// UTF-8 validity, needed by document validation and the analyzers alike.
#pragma once

#include <unicode/utf8.h>

#include <string_view>

namespace chanjiao {

// True when `text` is well-formed UTF-8 without NUL bytes.
inline bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c <= 0) return false;
  }
  return true;
}

// The longest prefix of `text` of at most `max_bytes` that does not end
// inside a UTF-8 sequence (for log lines: a cut character makes the whole
// line invalid UTF-8 for whoever reads the log).
inline std::string_view utf8_prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace chanjiao
