// QueryBuilder: a ParsedQuery → Xapian queries, through the same Analyzer
// the index was built with.
//
// Each query word matches as itself (weight 1), as its synonyms (0.6), as
// pinyin when it is Latin letters (0.5), and through the n-gram recall layer
// (0.25), so documents containing the word rank above documents that only
// contain its characters. The strict query requires every content word; the
// relaxed one (the recall safety net, run when fewer than
// MatchLimits::kRelaxBelow documents match the strict one) gives partial credit for any bigram
// (0.5) or character (0.2) of a word, bigrams across the query's word boundaries and stop words.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "search/query_parser.h"

namespace chanjiao::search {

struct BuiltQuery {
  Xapian::Query strict;                      // every group must match
  Xapian::Query relaxed;                     // any group / word / part may match (the net)
  bool can_relax = false;                    // relaxed matches more than strict
  std::vector<std::string> highlight_words;  // normalised words to mark in snippets
  std::string normalized_text;               // the query's words joined, for spelling suggestions
  std::vector<std::string> words;            // the query's positive words
};

class QueryBuilder {
 public:
  explicit QueryBuilder(const analysis::Analyzer& analyzer) : analyzer_(analyzer) {}

  BuiltQuery build(const ParsedQuery& parsed) const;

  // The query for one analysed word (exposed for tests and `--query`);
  // `relaxed`: any bigram or character of a Han word also scores (partial credit).
  Xapian::Query word_query(const std::string& word, bool latin_letters, bool relaxed = false) const;

 private:
  Xapian::Query clause_query(const Clause& clause, bool relaxed, BuiltQuery& built) const;
  // web前端 as typed, or by part; a qualifier part (web) is optional.
  Xapian::Query compound_query(const analysis::Token& left, const analysis::Token& right) const;

  const analysis::Analyzer& analyzer_;
};

}  // namespace chanjiao::search
