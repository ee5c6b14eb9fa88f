#include "analyzers/segmenter.h"

#include <cmath>

namespace chanjiao::analysis {
namespace {

bool is_digit(char32_t c) {
  c = fold_width(c);
  return c >= '0' && c <= '9';
}

bool is_alnum(char32_t c) {
  CharClass k = classify(c);
  return k == CharClass::kLetter || k == CharClass::kDigit;
}

// Characters that turn a preceding number into one token: `2001年`, `5万`.
bool is_number_unit(char32_t c) {
  switch (c) {
    case U'年':
    case U'月':
    case U'日':
    case U'号':
    case U'时':
    case U'点':
    case U'分':
    case U'秒':
    case U'万':
    case U'亿':
    case U'千':
    case U'百':
    case U'%':
    case U'％':
    case U'‰':
      return true;
    default:
      return false;
  }
}

// `k`/`w` after digits mark thousands / ten-thousands in salaries (`8k`, `1.5w`).
bool is_magnitude_letter(char32_t c) {
  c = fold_width(c);
  return c == 'k' || c == 'K' || c == 'w' || c == 'W';
}

Token make_token(std::string_view text, const std::vector<CodePoint>& cps, size_t begin, size_t end,
                 TokenKind kind) {
  uint32_t b = cps[begin].offset;
  uint32_t e = cps[end - 1].offset + cps[end - 1].length;
  return Token{std::string(text.substr(b, e - b)), b, e, kind};
}

std::string_view slice(std::string_view text, const std::vector<CodePoint>& cps, size_t begin,
                       size_t end) {
  uint32_t b = cps[begin].offset;
  return text.substr(b, cps[end - 1].offset + cps[end - 1].length - b);
}

// A numeral and a measure word are two words (`一 年`, `两 个`, `这 一`), as
// in the PKU and CTB standards; the dictionary lists many such pairs as one.
bool is_quantity_head(char32_t c) {
  return is_chinese_numeral(c) || c == U'几' || c == U'多' || c == U'每' || c == U'半' ||
         c == U'这' || c == U'那' || c == U'某';
}

bool is_measure_word(char32_t c) {
  static constexpr std::u32string_view kMeasureWords =
      U"一年次个位种条批项天名家件张台只本场支座所份句届层段番点些片";
  return kMeasureWords.find(c) != std::u32string_view::npos;
}

// Chinese personal names are a surname and a given name (`江 泽民`), the
// PKU convention; a query for the full name still matches both as a phrase.
bool is_common_surname(char32_t c) {
  static constexpr std::u32string_view kSurnames =
      U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
      U"魏吕"
      U"丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
      U"严"
      U"覃武戴莫孔向汤";
  return kSurnames.find(c) != std::u32string_view::npos;
}

void emit_person_name(std::string_view text, const std::vector<CodePoint>& cps, size_t b,
                      std::vector<Token>& out) {
  out.push_back(make_token(text, cps, b, b + 1, TokenKind::kWord));
  out.push_back(make_token(text, cps, b + 1, b + 3, TokenKind::kWord));
}

}  // namespace

// Scans a Latin/digit token starting at cps[i]; returns its end. Keeps
// decimals and versions (`3.5`, `v2.1`), salary ranges (`8k-12k`), and a
// trailing `%` or number unit together.
size_t Segmenter::scan_latin(const std::vector<CodePoint>& cps, size_t i) const {
  const size_t n = cps.size();
  auto digits_follow = [&](size_t k) { return k < n && is_digit(cps[k].value); };
  auto skip_dotted = [&](size_t j) {  // 3.5, 1.2.3, python3.8
    while (j + 1 < n && fold_width(cps[j].value) == '.' && digits_follow(j + 1) &&
           is_digit(cps[j - 1].value)) {
      j += 1;
      while (j < n && is_digit(cps[j].value)) ++j;
    }
    return j;
  };
  size_t j = i;
  while (j < n && is_digit(cps[j].value)) ++j;
  bool numeric = j > i;
  bool magnitude = false;
  if (numeric) {
    j = skip_dotted(j);
    if (j < n && is_magnitude_letter(cps[j].value) && (j + 1 >= n || !is_alnum(cps[j + 1].value))) {
      ++j;  // 8k, 1.5w
      magnitude = true;
    } else if (j < n && is_alnum(cps[j].value)) {
      numeric = false;  // 2d, 3ds
      while (j < n && is_alnum(cps[j].value)) ++j;
    }
  } else {
    while (j < n && is_alnum(cps[j].value)) ++j;
    j = skip_dotted(j);
  }
  // Ranges: 8k-12k, 8000-12000, 3~5
  if (numeric && j + 1 < n &&
      (fold_width(cps[j].value) == '-' || fold_width(cps[j].value) == '~') &&
      digits_follow(j + 1)) {
    size_t k = j + 1;
    while (k < n &&
           (is_digit(cps[k].value) || (fold_width(cps[k].value) == '.' && digits_follow(k + 1))))
      ++k;
    bool upper_magnitude =
        k < n && is_magnitude_letter(cps[k].value) && (k + 1 >= n || !is_alnum(cps[k + 1].value));
    if (upper_magnitude) ++k;
    if (k >= n || !is_alnum(cps[k].value)) {
      j = k;
      magnitude = magnitude || upper_magnitude;
    }
  }
  // Units join numbers (`55.6亿`, `12月`); 年 only after a four-digit year
  // (`2001年`), a duration stays two words (`10 年`).
  if (numeric && !magnitude && j < n && is_number_unit(cps[j].value) &&
      (cps[j].value != U'年' || j - i == 4))
    ++j;
  return j;
}

// A run of two or more Chinese numerals followed by a date unit (`二○○○年`,
// `十二月`, `三十一日`) or containing 〇/○ (`一九九八`) is one number.
size_t Segmenter::scan_numeral_unit(const std::vector<CodePoint>& cps, size_t i, size_t end) const {
  size_t j = i;
  bool has_zero = false;
  while (j < end && is_chinese_numeral(cps[j].value)) {
    if (cps[j].value == U'〇' || cps[j].value == U'○' || cps[j].value == U'零') has_zero = true;
    ++j;
  }
  size_t length = j - i;
  if (length >= 1 && j < end) {
    char32_t unit = cps[j].value;
    bool date_unit = unit == U'年' || unit == U'月' || unit == U'日' || unit == U'号';
    if (date_unit && (length >= 2 || (unit != U'年' && unit != U'号'))) return j + 1;
  }
  if (length >= 2 && has_zero) return j;
  return i;
}

std::vector<Token> Segmenter::segment(std::string_view text) const {
  std::vector<CodePoint> cps = decode_utf8(text);
  std::vector<Token> out;
  const size_t n = cps.size();
  size_t i = 0;
  while (i < n) {
    if (size_t len = protected_.match(cps, i); len > 0) {
      out.push_back(make_token(text, cps, i, i + len, TokenKind::kProtected));
      i += len;
      continue;
    }
    // A minus sign before digits belongs to the number (`-9℃`) unless it
    // follows a word (`8k-12k` is handled as a range).
    if ((fold_width(cps[i].value) == '-') && i + 1 < n && is_digit(cps[i + 1].value) &&
        (i == 0 || !is_alnum(cps[i - 1].value))) {
      size_t j = scan_latin(cps, i + 1);
      out.push_back(make_token(text, cps, i, j, TokenKind::kNumber));
      i = j;
      continue;
    }
    switch (classify(cps[i].value)) {
      case CharClass::kSpace:
        ++i;
        break;
      case CharClass::kLetter:
      case CharClass::kDigit: {
        size_t j = scan_latin(cps, i);
        bool numeric = is_digit(cps[i].value);
        out.push_back(
            make_token(text, cps, i, j, numeric ? TokenKind::kNumber : TokenKind::kLatin));
        i = j;
        break;
      }
      case CharClass::kHan: {
        size_t j = i;
        while (j < n && classify(cps[j].value) == CharClass::kHan && protected_.match(cps, j) == 0)
          ++j;
        cut_han(text, cps, i, j, out);
        i = j;
        break;
      }
      case CharClass::kOther: {
        // Runs of one repeated symbol stay together (`——`, `……`).
        size_t j = i + 1;
        while (j < n && cps[j].value == cps[i].value) ++j;
        out.push_back(make_token(text, cps, i, j, TokenKind::kPunct));
        i = j;
        break;
      }
    }
  }
  return out;
}

// Splits a Han run at numbers (which follow rules) and cuts the rest by DAG.
void Segmenter::cut_han(std::string_view text, const std::vector<CodePoint>& cps, size_t begin,
                        size_t end, std::vector<Token>& out) const {
  size_t plain_start = begin;
  size_t i = begin;
  while (i < end) {
    size_t number_end = is_chinese_numeral(cps[i].value) ? scan_numeral_unit(cps, i, end) : i;
    if (number_end > i) {
      if (plain_start < i) cut_dag(text, cps, plain_start, i, out);
      out.push_back(make_token(text, cps, i, number_end, TokenKind::kNumber));
      i = plain_start = number_end;
    } else {
      ++i;
    }
  }
  if (plain_start < end) cut_dag(text, cps, plain_start, end, out);
}

void Segmenter::cut_dag(std::string_view text, const std::vector<CodePoint>& cps, size_t begin,
                        size_t end, std::vector<Token>& out) const {
  const size_t n = end - begin;
  const double log_total = std::log(dictionary_.total_frequency());
  // best[k]: best log probability of segmenting [begin+k, end); next[k]: end of
  // the first word of that segmentation.
  std::vector<double> best(n + 1, 0.0);
  std::vector<size_t> next(n + 1, n);
  for (size_t k = n; k-- > 0;) {
    // A single character is always a candidate, known to the dictionary or not;
    // longer words extend it one character at a time along the trie.
    Dictionary::Node node = dictionary_.child(Dictionary::kRoot, cps[begin + k].value);
    double single_freq = node != Dictionary::kNone && dictionary_.frequency(node) > 0
                             ? dictionary_.frequency(node)
                             : 1.0;
    best[k] = std::log(single_freq) - log_total + best[k + 1];
    next[k] = k + 1;
    for (size_t e = k + 2; e <= n && node != Dictionary::kNone; ++e) {
      node = dictionary_.child(node, cps[begin + e - 1].value);
      if (node == Dictionary::kNone || dictionary_.frequency(node) <= 0) continue;
      double score = std::log(dictionary_.frequency(node)) - log_total + best[e];
      if (score > best[k]) {
        best[k] = score;
        next[k] = e;
      }
    }
  }
  // Consecutive single characters are re-cut by the HMM when they do not
  // form a dictionary word (jieba's treatment of unknown words).
  size_t buffer_start = SIZE_MAX;
  auto flush = [&](size_t buffer_end) {
    if (buffer_start == SIZE_MAX) return;
    size_t b = begin + buffer_start, e = begin + buffer_end;
    if (e - b == 1 || !hmm_.loaded() || dictionary_.contains_word(slice(text, cps, b, e))) {
      for (size_t c = b; c < e; ++c)
        out.push_back(make_token(text, cps, c, c + 1, TokenKind::kWord));
    } else {
      size_t c = b;
      for (size_t length : hmm_.cut(cps, b, e)) {
        if (length == 3 && is_common_surname(cps[c].value)) {
          emit_person_name(text, cps, c, out);
        } else {
          out.push_back(make_token(text, cps, c, c + length, TokenKind::kWord));
        }
        c += length;
      }
    }
    buffer_start = SIZE_MAX;
  };
  for (size_t k = 0; k < n;) {
    size_t e = next[k];
    if (e == k + 1) {
      if (buffer_start == SIZE_MAX) buffer_start = k;
    } else {
      flush(k);
      size_t b = begin + k;
      if (e - k == 2 && is_quantity_head(cps[b].value) && is_measure_word(cps[b + 1].value)) {
        out.push_back(make_token(text, cps, b, b + 1, TokenKind::kWord));
        out.push_back(make_token(text, cps, b + 1, b + 2, TokenKind::kWord));
      } else if (e - k == 3 && is_person_name(slice(text, cps, b, begin + e))) {
        emit_person_name(text, cps, b, out);
      } else {
        out.push_back(make_token(text, cps, b, begin + e, TokenKind::kWord));
      }
    }
    k = e;
  }
  flush(n);
}

bool Segmenter::is_person_name(std::string_view word) const {
  auto entry = dictionary_.find(word);
  return entry && entry->tag == "nr" && is_common_surname(decode_utf8(word.substr(0, 3))[0].value);
}

std::vector<std::string> Segmenter::subwords(std::string_view word) const {
  std::vector<CodePoint> cps = decode_utf8(word);
  std::vector<std::string> out;
  if (cps.size() < 3) return out;
  for (size_t b = 0; b < cps.size(); ++b) {
    Dictionary::Node node = dictionary_.child(Dictionary::kRoot, cps[b].value);
    for (size_t e = b + 2; e <= cps.size() && node != Dictionary::kNone; ++e) {
      node = dictionary_.child(node, cps[e - 1].value);
      if (node == Dictionary::kNone || (b == 0 && e == cps.size())) break;
      if (dictionary_.frequency(node) > 0) out.emplace_back(slice(word, cps, b, e));
    }
  }
  return out;
}

}  // namespace chanjiao::analysis
