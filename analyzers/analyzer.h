// Analyzer: the Chinese-aware text pipeline shared by indexing and querying.
//
//   text → normalise (NFKC, case fold, 繁→简 by phrase) → segment (dictionary
//   DAG + HMM, protected tokens, numbers) → words
//
// plus the helpers both sides derive terms from: dictionary sub-words of long
// words, character n-grams (the recall layer), pinyin, synonyms, stop words.
// Index and query must analyse identically; kVersion is stored in every
// index and a mismatch is reported instead of searched (see indexer/).
//
// An Analyzer is immutable after load() and safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/dictionary.h"
#include "analyzers/hmm.h"
#include "analyzers/lexicon.h"
#include "analyzers/normalizer.h"
#include "analyzers/pinyin.h"
#include "analyzers/protected_tokens.h"
#include "analyzers/segmenter.h"
#include "analyzers/skill_extractor.h"
#include "core/data_dir.h"
#include "core/status.h"

namespace chanjiao::analysis {

// Where the analyzer's data comes from. The defaults are the data directory
// of the running binary (core/data_dir.h) and Debian's jieba dictionary;
// chanjiao-server sets every field from its configuration (server/config.h).
struct AnalyzerOptions {
  // jieba's dictionary from Debian's python3-jieba: the general vocabulary.
  std::string base_dictionary = CHANJIAO_JIEBA_DICT;
  // jieba's HMM converted to TSV at build time (tools/convert_jieba_hmm.py).
  std::string hmm_model = default_data_dir() + "/jieba_hmm.tsv";
  // The team's data: domain.dict, synonyms.txt, pinyin.txt, protected.txt,
  // stopwords.txt, skills.txt (corpus/dict/README.md).
  std::string dict_dir = default_data_dir() + "/dict";
  // OpenCC configuration for 繁→简: Taiwan phrases to mainland usage.
  std::string opencc_config = "tw2sp.json";

  // The defaults with the HMM and the dictionaries read from `data_dir`
  // (DATA/jieba_hmm.tsv, DATA/dict/) instead of the binary's own.
  static AnalyzerOptions in_data_dir(const std::string& data_dir);
};

class Analyzer {
 public:
  // Bump when a change alters the terms produced for the same text.
  // 2: skills of corpus/dict/skills.txt tagged as canonical `XS` terms.
  // 3: segmentation: uncounted jieba compounds yield to counted parts, names and
  //    numeral words kept whole, mixed-digit numbers one token.
  // 4: pinyin of sub-words, mixed-script compounds kept whole (web前端),
  //    bigrams across word boundaries inside a run of Han characters.
  static constexpr int kVersion = 4;

  static Result<std::shared_ptr<const Analyzer>> load(const AnalyzerOptions& options = {});

  // NFKC + case folding + traditional→simplified.
  std::string normalize(std::string_view text) const { return normalizer_->normalize(text); }

  // Segments `text` as given (no normalisation), punctuation included.
  std::vector<Token> segment(std::string_view text) const { return segmenter_->segment(text); }

  // Segments text for display: words are found in a character-by-character
  // normalised copy (so 韌體工程師 segments like 韧体工程师) but offsets refer
  // to `text` as given. Token text is the normalised word.
  std::vector<Token> segment_for_display(std::string_view text) const;

  // Normalises and segments; drops punctuation. Token offsets refer to the
  // normalised text.
  std::vector<Token> words(std::string_view text) const;

  // Dictionary words inside a long word: 工业机器人 → 工业, 机器, 机器人.
  std::vector<std::string> subwords(std::string_view word) const {
    return segmenter_->subwords(word);
  }

  // Recall layer: the character bigrams of a Han word, or the character
  // itself for a one-character word; empty for non-Han tokens.
  static std::vector<std::string> ngrams(std::string_view word);
  // The single characters of a Han word of two or more characters: indexed
  // so one-character queries (`车`) find 汽车.
  static std::vector<std::string> unigrams(std::string_view word);

  // The bigram that straddles the boundary between two adjacent Han words
  // (法律|咨询 → 律咨), so a query word that crosses the text's word boundary
  // still matches; empty unless both are Han words.
  static std::string boundary_bigram(const Token& left, const Token& right);

  // Two adjacent tokens written without a space, one Han and one Latin or
  // number (web前端, java开发, 3d建模): indexed whole as well as by part.
  static bool is_mixed_compound(const Token& left, const Token& right);

  const Pinyin& pinyin() const { return pinyin_; }
  const Lexicon& lexicon() const { return lexicon_; }
  // The skill vocabulary (skills.txt); match it against word_texts().
  const SkillExtractor& skills() const { return skills_; }

  // The text of words(text).
  std::vector<std::string> word_texts(std::string_view text) const;
  // Skills mentioned in `text` (adjacent words, sub-words of Han words).
  std::vector<const Skill*> find_skills(std::string_view text) const;
  // The same over words already analysed (word_texts()).
  std::vector<const Skill*> find_skills(const std::vector<std::string>& words) const;
  // The `XS` term value of a skill as written: the canonical key when the
  // vocabulary knows it (springboot → spring boot), else the normalised,
  // trimmed value.
  std::string skill_key(std::string_view skill) const;

  // Identifies the data the analyzer was loaded from (a hash of every file):
  // stored beside kVersion so an index built with other dictionaries is noticed.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  Analyzer() = default;

  Dictionary dictionary_;
  HmmModel hmm_;
  ProtectedTokens protected_;
  Pinyin pinyin_;
  Lexicon lexicon_;
  SkillExtractor skills_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<Segmenter> segmenter_;
  std::string fingerprint_;
};

// True when every character of `word` is a Han character.
bool is_han_word(std::string_view word);

}  // namespace chanjiao::analysis
