// Long-text queries: a pasted CV, job description or syllabus is searched as
// text, not as query syntax. Like Lucene's MoreLikeThis / Xapian's ESet, the
// text's most discriminative words (tf·idf against the index) are kept, each
// weighted by how often the text uses it, and OR-ed: documents sharing more of
// the text's rare words rank first. Each term is scored by BM25 over the
// document's text length (schema::kTextLength), not Xapian's document length,
// so postings are compared by their text, not by how long their title or org
// name is. Short queries never come here (their syntax — phrases, -x, OR,
// fields — keeps its meaning).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "analyzers/analyzer.h"
#include "search/query_builder.h"

namespace chanjiao::search {

struct LongQueryLimits {
  // A query with more content words than this is text. Measured on the
  // long-query dev set (bench/longtext/README.md): cut to N content words,
  // the short-query path wins at 6 (nDCG@10 0.316 vs 0.285), ties at 8
  // (0.415 vs 0.422) and loses from 10 on (0.483 vs 0.514; 0.537 vs 0.580 at
  // 12). 2.3 % of real browser queries (qbqtc-dev) have more than 8.
  static constexpr size_t kMinWords = 8;
  // The terms kept for the OR: enough to cover a CV's skills and topics
  // (32 → 96 moved the dev set's nDCG@10 0.785 → 0.790), few enough that a
  // 6,000-character text matches in tens of milliseconds (bench/longtext).
  static constexpr size_t kMaxTerms = 96;
};

// Whether `q` is searched as text: more than LongQueryLimits::kMinWords
// content words (stop words and punctuation not counted).
bool is_long_text(const analysis::Analyzer& analyzer, std::string_view q,
                  size_t min_words = LongQueryLimits::kMinWords);

// The mean text length (schema::kTextLength) of `db`'s documents, 0 when it
// has none (an index built before the slot): an even sample of at most ~512
// values. A property of the index, not of a query: read it once per revision.
double mean_text_length(const Xapian::Database& db);

// The weighted OR for a long text over `db` (its term statistics pick the
// terms). With `mean_length` > 0 (mean_text_length(db)) each term scores
// BM25 over the document's text length: its leaves are PostingSources
// (Xapian::Query owns them) and so no query terms: Enquire::get_matching_terms
// lists none of them, use matching_words. With 0, Xapian's BM25 over its own
// document length: for an index without text lengths, and for remote shards
// (a PostingSource is not registered for serialisation, so xapian-tcpsrv
// cannot run one). `highlight_words` and `words` hold the chosen terms, best first.
// Words the index never saw are dropped; a text with none gives an empty
// strict query (no hits), never "match everything".
BuiltQuery build_long_query(const analysis::Analyzer& analyzer, const Xapian::Database& db,
                            std::string_view text, double mean_length);

// The words of a long query (BuiltQuery::words) that `doc` contains, in the
// query's order (most discriminative first): what Enquire::get_matching_terms
// tells for a query of terms.
std::vector<std::string> matching_words(const Xapian::Document& doc,
                                        const std::vector<std::string>& words);

}  // namespace chanjiao::search
