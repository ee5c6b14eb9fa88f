// TermBuilder: turns a Document into a Xapian::Document laid out as
// core/schema.h describes. The only place index terms are made, so that the
// indexer, live updates and `chanjiao-analyze --terms` agree.
//
// Thread-safe: holds only a const Analyzer.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/index_vocabulary.h"
#include "core/document.h"

namespace chanjiao::index {

// How a text field contributes: its weight (wdf per occurrence) and whether
// it gets the title prefix or pinyin terms.
enum class Field {
  kTitle,    // weight 5, `S` prefix, pinyin
  kKeyword,  // skills, tags, major, industry, region: weight 3, pinyin
  kOrg,      // org, school, enterprise: weight 2, `XO` prefix, pinyin
  kBody,     // weight 1
};

struct Term {
  std::string term;
  Xapian::termpos position;  // 0 = no positional information
  Xapian::termcount wdf;
};

class TermBuilder {
 public:
  explicit TermBuilder(const analysis::Analyzer& analyzer)
      : analyzer_(analyzer), vocabulary_(analyzer) {}

  // Terms of one text field, positions starting at `first_position`.
  std::vector<Term> field_terms(std::string_view text, Field field,
                                Xapian::termpos first_position = 1) const;

  // The whole document: terms, boolean filter terms, values and stored data.
  // Each text field is analysed once; `spelling`, when given, receives the
  // words for Xapian's spelling table ("did you mean"): title, skill and tag
  // words, whole short titles and Latin words of the body.
  Xapian::Document build(const Document& doc, std::vector<std::string>* spelling = nullptr) const;

  // Pinyin of analysed words: Han words become syllables, other words stay.
  // `initials` keeps the first letter of each syllable.
  std::string words_pinyin(const std::vector<analysis::Token>& words, bool initials) const;

  // The document's skills, `XS` key → display name: its `skills` entries
  // (canonical when the vocabulary knows them) and the vocabulary's skills
  // found in them, the title and the body.
  std::map<std::string, std::string> skills(const Document& doc) const;

 private:
  struct AnalysedFields;
  std::vector<Term> word_terms(const std::vector<analysis::Token>& words, Field field,
                               Xapian::termpos first_position) const;
  std::map<std::string, std::string> skills(const Document& doc,
                                            const AnalysedFields& fields) const;

  const analysis::Analyzer& analyzer_;
  // Filter values and the collapse key, spelled as search spells them.
  analysis::IndexVocabulary vocabulary_;
};

}  // namespace chanjiao::index
