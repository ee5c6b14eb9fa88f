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

// jieba's dict.txt lists 200k of its 349k entries with a count of 2 or 3
// (against 13k with 4): a placeholder for words it has no corpus count for,
// mostly compounds from word lists (检察机关, 公正执法, 新年贺词). Such an entry
// is a weaker claim than a reading made of counted words: its log probability
// is lowered by kUncountedPenalty nats (a factor of ~3000), so 检察机关 yields
// to 检察 机关 while an uncounted word whose parts have no better reading stays
// whole. Two-character entries (外包, 团建) and proper names (person, place,
// organisation and other names: nr*, ns, nt, nz) keep their placeholder
// weight: a name is one unit whatever its parts. On PKU, 4 nats gives F1
// 0.874, 8 gives 0.881, and dropping such entries altogether 0.882.
constexpr double kUncountedFrequency = 3;
constexpr double kUncountedPenalty = 8;

bool is_proper_name_tag(std::string_view tag) {
  return tag.size() >= 2 && tag[0] == 'n' &&
         (tag[1] == 'r' || tag[1] == 's' || tag[1] == 't' || tag[1] == 'z');
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
      (cps[j].value != U'年' || j - i == 4)) {
    ++j;
    // A compound magnitude is one number too: `1万亿`, `3千万`.
    if ((cps[j - 1].value == U'万' || cps[j - 1].value == U'千') && j < n &&
        (cps[j].value == U'万' || cps[j].value == U'亿'))
      ++j;
  }
  return j;
}

// Digits written among Chinese numerals (`二００一年`, `一9九8年`: typesetting
// that uses a digit for 〇) make one number, with a date unit if one follows;
// returns `i` when the run at `i` is not such a mix.
size_t Segmenter::scan_mixed_numeral(const std::vector<CodePoint>& cps, size_t i) const {
  auto is_digit_numeral = [](char32_t c) {
    return c == U'〇' || c == U'○' || c == U'零' || c == U'一' || c == U'二' || c == U'三' ||
           c == U'四' || c == U'五' || c == U'六' || c == U'七' || c == U'八' || c == U'九';
  };
  size_t j = i;
  bool han = false, digit = false;
  for (; j < cps.size(); ++j) {
    if (is_digit_numeral(cps[j].value)) {
      han = true;
    } else if (is_digit(cps[j].value)) {
      digit = true;
    } else {
      break;
    }
  }
  if (!han || !digit) return i;
  if (j < cps.size() && (cps[j].value == U'年' || cps[j].value == U'月' || cps[j].value == U'日' ||
                         cps[j].value == U'号'))
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
    if (size_t j = scan_mixed_numeral(cps, i); j > i) {
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
        while (j < n && classify(cps[j].value) == CharClass::kHan &&
               protected_.match(cps, j) == 0 && (j == i || scan_mixed_numeral(cps, j) == j))
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
      double score = word_log_weight(node, e - k) - log_total + best[e];
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
        out.push_back(make_token(text, cps, c, c + length, TokenKind::kWord));
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
      out.push_back(make_token(text, cps, begin + k, begin + e, TokenKind::kWord));
    }
    k = e;
  }
  flush(n);
}

double Segmenter::word_log_weight(Dictionary::Node node, size_t length) const {
  double frequency = dictionary_.frequency(node);
  double weight = std::log(frequency);
  if (length >= 3 && frequency <= kUncountedFrequency && !is_proper_name_tag(dictionary_.tag(node)))
    weight -= kUncountedPenalty;
  return weight;
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
