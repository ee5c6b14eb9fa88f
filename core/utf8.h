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

}  // namespace chanjiao
