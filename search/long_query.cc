#include "search/long_query.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
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

// Xapian's BM25 idf (BM25Weight::init, no relevance set): common words keep
// a small positive weight instead of a negative one.
double bm25_idf(double n_docs, double df) {
  double ratio = (n_docs - df + 0.5) / (df + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  return std::log(ratio);
}

}  // namespace

// Every value of a small index, an even sample of docids of a large one (the
// mean only sets BM25's length scale).
double mean_text_length(const Xapian::Database& db) {
  const Xapian::doccount with_length = db.get_value_freq(schema::kTextLength);
  if (with_length == 0) return 0;
  constexpr Xapian::doccount kSamples = 512;
  const Xapian::docid last = db.get_lastdocid();
  const Xapian::docid step =
      with_length <= 4 * kSamples ? 1 : std::max<Xapian::docid>(1, last / kSamples);
  double sum = 0;
  Xapian::doccount n = 0;
  Xapian::ValueIterator it = db.valuestream_begin(schema::kTextLength);
  const Xapian::ValueIterator end = db.valuestream_end(schema::kTextLength);
  for (Xapian::docid target = 1; it != end && target <= last; target = it.get_docid() + step) {
    it.skip_to(target);
    if (it == end) break;
    sum += Xapian::sortable_unserialise(*it);
    ++n;
  }
  return n == 0 || sum <= 0 ? 0 : sum / n;
}

namespace {

// One term of a long query, weighted by BM25 (Xapian's k1 = 1, b = 0.5) with
// the document's text length (schema::kTextLength) in place of Xapian's
// document length, which counts the recall layer: a title's words five
// times over, again as `S` terms, pinyin, initials and n-grams (a four-word
// title adds ~200 to a length of ~760 on average). Measured on the long-query
// set (bench/longtext/README.md): with Xapian's length, the posting whose text
// *is* the query lost rank 1 to a near-identical one of the same company with
// a shorter title or org name; postings are compared by their text here.
// A document without the value counts as of mean length.
class TextTermSource : public Xapian::PostingSource {
 public:
  // `factor`: the term's idf times the query's own weight for it.
  TextTermSource(std::string term, double factor, double mean_length)
      : term_(std::move(term)), factor_(factor), mean_length_(mean_length) {}

  void init(const Xapian::Database& db) override {
    db_ = db;
    postings_ = db_.postlist_begin(term_);
    end_ = db_.postlist_end(term_);
    lengths_ = db_.valuestream_begin(schema::kTextLength);
    lengths_end_ = db_.valuestream_end(schema::kTextLength);
    termfreq_ = db_.get_termfreq(term_);
    started_ = false;
    // The largest weight any document can get: the most frequent occurrence
    // in the shortest text (lets the matcher skip documents that cannot
    // reach the page).
    const std::string lower = db_.get_value_lower_bound(schema::kTextLength);
    const double shortest = lower.empty() ? 0 : Xapian::sortable_unserialise(lower);
    const double wdf = std::max<Xapian::termcount>(1, db_.get_wdf_upper_bound(term_));
    set_maxweight(termfreq_ == 0 ? 0 : weight(wdf, std::min(shortest, mean_length_)));
  }
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override {
    if (started_)
      ++postings_;
    else
      started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    postings_.skip_to(did);
  }
  bool at_end() const override { return started_ && postings_ == end_; }
  Xapian::docid get_docid() const override { return *postings_; }
  double get_weight() const override {
    const Xapian::docid did = *postings_;
    double length = mean_length_;
    if (lengths_ != lengths_end_) {
      lengths_.skip_to(did);  // documents come in ascending order
      if (lengths_ != lengths_end_ && lengths_.get_docid() == did)
        length = Xapian::sortable_unserialise(*lengths_);
    }
    return weight(postings_.get_wdf(), length);
  }
  TextTermSource* clone() const override {
    return new TextTermSource(term_, factor_, mean_length_);
  }
  std::string get_description() const override { return "TextTermSource(" + term_ + ")"; }

 private:
  static constexpr double kK1 = 1.0;
  static constexpr double kB = 0.5;
  double weight(double wdf, double length) const {
    const double k = kK1 * ((1 - kB) + kB * length / mean_length_);
    return factor_ * (kK1 + 1) * wdf / (k + wdf);
  }

  std::string term_;
  double factor_;
  double mean_length_;
  Xapian::Database db_;
  Xapian::PostingIterator postings_, end_;
  mutable Xapian::ValueIterator lengths_, lengths_end_;
  Xapian::doccount termfreq_ = 0;
  bool started_ = false;
};

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
                            std::string_view text, double mean_length) {
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
    // The scale adds the text's own emphasis (a skill named five times) to
    // the term's idf.
    if (mean_length > 0)
      terms.emplace_back(
          (new TextTermSource(c.word, c.tf_weight * bm25_idf(n_docs, db.get_termfreq(c.word)),
                              mean_length))
              ->release());
    else
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

std::vector<std::string> matching_words(const Xapian::Document& doc,
                                        const std::vector<std::string>& words) {
  std::vector<std::string> sorted(words);
  std::sort(sorted.begin(), sorted.end());
  std::unordered_set<std::string> present;
  Xapian::TermIterator t = doc.termlist_begin();
  const Xapian::TermIterator end = doc.termlist_end();
  for (const std::string& w : sorted) {
    t.skip_to(w);
    if (t == end) break;
    if (*t == w) present.insert(w);
  }
  std::vector<std::string> out;
  for (const std::string& w : words)
    if (present.count(w)) out.push_back(w);
  return out;
}

}  // namespace chanjiao::search
