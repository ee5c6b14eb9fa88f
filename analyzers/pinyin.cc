#include "analyzers/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "analyzers/unicode.h"

namespace chanjiao::analysis {
namespace {

constexpr char32_t kFirstHan = 0x4E00;
constexpr char32_t kLastHan = 0x9FFF;

}  // namespace

Status Pinyin::load(const std::string& word_table_path) {
  UErrorCode error = U_ZERO_ERROR;
  // ü is written v (nv, lv), the way users type it.
  UParseError parse_error;
  std::unique_ptr<icu::Transliterator> to_latin(icu::Transliterator::createFromRules(
      "chanjiao-pinyin",
      icu::UnicodeString::fromUTF8("::Han-Latin; [ǖǘǚǜü] > v; ::Latin-ASCII; ::Lower;"),
      UTRANS_FORWARD, parse_error, error));
  if (U_FAILURE(error)) {
    return Status::internal(std::string("ICU Han-Latin unavailable: ") + u_errorName(error));
  }
  // One transliteration over all characters (newline-separated) is far faster
  // than one call per character.
  std::string all;
  for (char32_t c = kFirstHan; c <= kLastHan; ++c) {
    append_utf8(c, all);
    all.push_back('\n');
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(all);
  to_latin->transliterate(text);
  std::string latin;
  text.toUTF8String(latin);
  std::istringstream lines(latin);
  std::string line;
  for (char32_t c = kFirstHan; c <= kLastHan && std::getline(lines, line); ++c) {
    bool letters = !line.empty();
    for (char ch : line) letters = letters && ch >= 'a' && ch <= 'z';
    if (letters) by_char_[c] = line;
  }

  std::ifstream in(word_table_path);
  if (!in) return Status::not_found("cannot open pinyin table " + word_table_path);
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    std::string word = line.substr(0, tab);
    std::vector<std::string> syllables;
    if (tab != std::string::npos) {
      std::istringstream parts(line.substr(tab + 1));
      for (std::string s; parts >> s;) syllables.push_back(s);
    }
    size_t chars = decode_utf8(word).size();
    if (syllables.size() != chars) {
      return Status::invalid_argument(word_table_path + ":" + std::to_string(line_number) +
                                      ": expected one syllable per character of '" + word + "'");
    }
    max_word_chars_ = std::max(max_word_chars_, chars);
    by_word_[word] = std::move(syllables);
  }
  return Status::ok();
}

std::vector<std::string> Pinyin::syllables(std::string_view word) const {
  std::vector<CodePoint> cps = decode_utf8(word);
  std::vector<std::string> out;
  // Greedy longest match against the word table, characters otherwise.
  for (size_t i = 0; i < cps.size();) {
    size_t matched = 0;
    for (size_t len = std::min(max_word_chars_, cps.size() - i); len >= 2 && matched == 0; --len) {
      uint32_t b = cps[i].offset;
      uint32_t e = cps[i + len - 1].offset + cps[i + len - 1].length;
      auto it = by_word_.find(std::string(word.substr(b, e - b)));
      if (it != by_word_.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
        matched = len;
      }
    }
    if (matched == 0) {
      auto it = by_char_.find(cps[i].value);
      if (it == by_char_.end()) return {};
      out.push_back(it->second);
      matched = 1;
    }
    i += matched;
  }
  return out;
}

std::string Pinyin::full(std::string_view word) const {
  std::string out;
  for (const std::string& s : syllables(word)) out += s;
  return out;
}

std::string Pinyin::initials(std::string_view word) const {
  std::string out;
  for (const std::string& s : syllables(word)) out.push_back(s[0]);
  return out;
}

}  // namespace chanjiao::analysis
