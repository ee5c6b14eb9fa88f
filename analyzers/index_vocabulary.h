// IndexVocabulary: the spellings that the index and its queries must share,
// below both the indexer and search so that neither includes the other.
//
// A boolean filter term is `prefix + filter_value(value)` on both sides (the
// indexer writes it from the document, search builds it from a request
// parameter); the collapse key groups reposts and is read back by search from
// the facet pack. Anything the query side needs to spell a term the way
// indexer/term_builder.cc wrote it belongs here, not in the indexer.
//
// Thread-safe: holds only a const Analyzer, which must outlive it.
#pragma once

#include <string>
#include <string_view>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/index_fields.h"

namespace chanjiao::analysis {

class IndexVocabulary {
 public:
  explicit IndexVocabulary(const Analyzer& analyzer) : analyzer_(analyzer) {}

  // Normalised form of a filter value (region, industry, tag, skill key…):
  // the analyzer's normalisation with surrounding spaces trimmed; empty when
  // nothing is left.
  std::string filter_value(std::string_view value) const;
  // The value of filter field `field` as its term spells it after the prefix
  // (core/index_fields.h): the type name as is, anything else filter_value().
  std::string filter_value(schema::FilterField field, std::string_view value) const {
    return field == schema::kTypeField ? std::string(value) : filter_value(value);
  }

  // Key shared by reposts of the same posting: an 8-byte FNV-1a hash of
  // type + filter_value(org) + filter_value(title), as stored in
  // schema::kCollapseKey and at the head of schema::kFacetPack.
  std::string collapse_key(const Document& doc) const;

 private:
  const Analyzer& analyzer_;
};

}  // namespace chanjiao::analysis
