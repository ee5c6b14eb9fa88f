// Segmenter: splits text into words.
//
// Han runs are cut by maximum probability over a dictionary DAG (jieba's
// algorithm) with an HMM for unknown words; dictionary entries that carry no
// corpus count weigh less than counted ones (see word_log_weight), and no
// rule of one segmentation standard (surname + given name, numeral + measure
// word) is applied on top: the dictionary decides. Latin and digit runs, protected
// tokens (`C++`, `5G`), numbers with units (`2001年`, `55.6亿`, `8k-12k`) and
// punctuation are cut by rule. Every non-space character of the input is part
// of exactly one token, in order, so the output can be scored against a gold
// segmentation. The segmenter does not normalise: callers that want `軟體` to
// match `软件` normalise first (see Analyzer).
//
// Thread-safe: a Segmenter only reads the dictionaries it points to, which
// must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzers/dictionary.h"
#include "analyzers/hmm.h"
#include "analyzers/protected_tokens.h"

namespace chanjiao::analysis {

enum class TokenKind {
  kWord,       // Han word (dictionary or HMM)
  kLatin,      // ASCII letters and digits, e.g. `python3`
  kNumber,     // numbers, dates and ranges: `2001年`, `3.5`, `8k-12k`, `二○○○年`
  kProtected,  // an entry of the protected-token list
  kPunct,      // punctuation and symbols
};

struct Token {
  std::string text;  // the input's bytes
  uint32_t begin;    // byte offsets into the input
  uint32_t end;
  TokenKind kind;
};

class Segmenter {
 public:
  Segmenter(const Dictionary& dictionary, const HmmModel& hmm, const ProtectedTokens& protect)
      : dictionary_(dictionary), hmm_(hmm), protected_(protect) {}

  std::vector<Token> segment(std::string_view text) const;

  // Dictionary words of two or more characters strictly inside `word`
  // (`工业机器人` → 工业, 机器, 机器人), for search-mode indexing.
  std::vector<std::string> subwords(std::string_view word) const;

 private:
  size_t scan_latin(const std::vector<CodePoint>& cps, size_t i) const;
  size_t scan_mixed_numeral(const std::vector<CodePoint>& cps, size_t i) const;
  size_t scan_numeral_unit(const std::vector<CodePoint>& cps, size_t i, size_t end) const;
  void cut_han(std::string_view text, const std::vector<CodePoint>& cps, size_t begin, size_t end,
               std::vector<Token>& out) const;
  void cut_dag(std::string_view text, const std::vector<CodePoint>& cps, size_t begin, size_t end,
               std::vector<Token>& out) const;

  // log(frequency) of a dictionary word of `length` code points, lowered for
  // entries without corpus evidence (see kUncountedPenalty).
  double word_log_weight(Dictionary::Node node, size_t length) const;

  const Dictionary& dictionary_;
  const HmmModel& hmm_;
  const ProtectedTokens& protected_;
};

}  // namespace chanjiao::analysis
