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

// The text's content words the index knows, in order of first occurrence
// (a deterministic tie order), each with its tf weight and tf·idf score.
std::vector<Candidate> text_words(const analysis::Analyzer& analyzer, const Xapian::Database& db,
                                  std::string_view text) {
  std::unordered_map<std::string, int> tf;
  std::vector<std::string> order;
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
  return candidates;
}

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
  std::vector<Candidate> candidates = text_words(analyzer, db, text);
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

LongTextRanker::LongTextRanker(const analysis::Analyzer& analyzer, const Xapian::Database& db,
                               std::string_view text)
    : db_(db) {
  double sum = 0;
  for (const Candidate& c : text_words(analyzer, db, text)) {
    weights_.emplace(c.word, c.score);
    sum += c.score * c.score;
  }
  norm_ = std::sqrt(sum);
}

double LongTextRanker::cosine(Xapian::docid did) const {
  // The document side is weighted by (1 + ln wdf) only: its idfs would cost
  // one postlist lookup per word of every candidate. Prefixed terms (field
  // copies, n-grams, pinyin) are not words of the text.
  double dot = 0, doc_sum = 0;
  for (auto it = db_.termlist_begin(did); it != db_.termlist_end(did); ++it) {
    const std::string& term = *it;
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    double w = 1 + std::log(static_cast<double>(it.get_wdf()));
    doc_sum += w * w;
    if (auto found = weights_.find(term); found != weights_.end()) dot += w * found->second;
  }
  return doc_sum > 0 && norm_ > 0 ? dot / (std::sqrt(doc_sum) * norm_) : 0;
}

std::vector<RankedDoc> LongTextRanker::rerank(const Xapian::MSet& mset) const {
  std::vector<RankedDoc> ranked;
  if (mset.empty()) return ranked;
  const double best = std::max(mset.begin().get_weight(), 1e-9);
  for (auto it = mset.begin(); it != mset.end(); ++it)
    ranked.push_back(
        {*it, (1 - kCosineShare) * it.get_weight() / best + kCosineShare * cosine(*it)});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedDoc& a, const RankedDoc& b) { return a.score > b.score; });
  return ranked;
}

}  // namespace chanjiao::search
