#include "search/long_query.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "core/schema.h"

namespace chanjiao::search {
namespace {

using analysis::Token;
using analysis::TokenKind;

// Content words: dictionary / HMM words, Latin tokens and protected tokens
// (C++, 5G); numbers and punctuation say little about what a text is about.
bool is_content(const analysis::Analyzer& analyzer, const Token& t) {
  if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kNumber) return false;
  return !analyzer.lexicon().is_stopword(t.text);
}

size_t utf8_chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

struct Candidate {
  std::string word;
  double tf_weight;  // 1 + ln(tf): a word used 8 times is not 8 times the evidence
  double score;      // tf_weight · idf
};

}  // namespace

bool is_long_text(const analysis::Analyzer& analyzer, std::string_view q, size_t min_words) {
  // Cheap first: each content word takes at least one byte.
  if (q.size() <= min_words) return false;
  size_t content = 0;
  for (const Token& t : analyzer.words(q))
    if (is_content(analyzer, t) && ++content > min_words) return true;
  return false;
}

BuiltQuery build_long_query(const analysis::Analyzer& analyzer, const Xapian::Database& db,
                            std::string_view text) {
  std::unordered_map<std::string, int> tf;
  std::vector<std::string> order;  // first occurrence, for a deterministic tie order
  for (const Token& t : analyzer.words(text)) {
    if (!is_content(analyzer, t)) continue;
    // A lone Han character (的, 与 missed by the stop list) is noise in a long
    // text; Latin single letters (c, r) are kept: they are skills.
    if (t.kind == TokenKind::kWord && utf8_chars(t.text) < 2) continue;
    if (tf[t.text]++ == 0) order.push_back(t.text);
  }
  const double n_docs = std::max<double>(1, db.get_doccount());
  std::vector<Candidate> candidates;
  for (const std::string& w : order) {
    Xapian::doccount df = db.get_termfreq(w);
    if (df == 0) continue;
    double idf = std::log((n_docs + 1) / df);
    if (idf <= 0) continue;
    double tf_weight = 1 + std::log(tf[w]);
    candidates.push_back({w, tf_weight, tf_weight * idf});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (candidates.size() > LongQueryLimits::kMaxTerms) candidates.resize(LongQueryLimits::kMaxTerms);

  BuiltQuery built;
  std::vector<Xapian::Query> terms;
  for (const Candidate& c : candidates) {
    // BM25 already weighs each term by its idf; the scale adds the text's
    // own emphasis (a skill named five times).
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(c.word), c.tf_weight);
    built.words.push_back(c.word);
    built.highlight_words.push_back(c.word);
  }
  if (terms.empty()) {
    // Nothing the index knows: no hits rather than every document. Not
    // Query::MatchNothing: an empty query means "browse" to the searcher;
    // a term no document can have (no field prefix is a control byte) does not.
    built.strict = built.relaxed = Xapian::Query(std::string(1, '\x01'));
    return built;
  }
  built.strict = built.relaxed = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  built.can_relax = false;  // already an OR: there is nothing to relax to
  return built;
}

}  // namespace chanjiao::search
