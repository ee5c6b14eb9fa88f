#include "search/query_builder.h"

#include <algorithm>
#include <cctype>

#include "core/schema.h"

namespace chanjiao::search {
namespace {

using analysis::Token;
using analysis::TokenKind;

constexpr double kSynonymWeight = 0.6;
constexpr double kPinyinWeight = 0.5;
constexpr double kNgramWeight = 0.25;
constexpr double kTitleWeight = 0.5;
// The relaxed query (the safety net) gives partial credit: a title sharing a
// bigram of a query word, or only one of its characters, still scores, below
// one holding the word. bench/relevance/README.md says how they were chosen.
constexpr double kRelaxedBigramWeight = 0.5;
constexpr double kRelaxedCharWeight = 0.2;

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(op, parts.begin(), parts.end());
}

bool all_letters(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Whether a query word found in a title is evidence the document is about
// it: not a number, not a single character (Han or Latin).
bool says_what_a_title_is(const std::string& word) {
  if (std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); }))
    return false;
  size_t chars = 0;
  for (unsigned char c : word) chars += (c & 0xC0) != 0x80;
  return chars > 1;
}

// Words of `text`, each flagged as a stop word or not. When only stop words
// remain they all count as content (将爱, 是什么).
struct QueryWord {
  Token token;
  bool stop = false;
};

std::vector<QueryWord> query_words(const analysis::Analyzer& analyzer, std::string_view text) {
  std::vector<QueryWord> out;
  bool any_content = false;
  for (Token& t : analyzer.words(text)) {
    bool stop = analyzer.lexicon().is_stopword(t.text);
    any_content |= !stop;
    out.push_back({std::move(t), stop});
  }
  if (!any_content)
    for (QueryWord& w : out) w.stop = false;
  return out;
}

// A Han or Latin term, as the index may hold it: an n-gram that is a whole
// word is kept only as the word term, so look it up both ways.
Xapian::Query gram_query(const std::string& gram) {
  return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::term(schema::kNgram, gram)),
                       Xapian::Query(gram));
}

}  // namespace

Xapian::Query QueryBuilder::word_query(const std::string& word, bool latin_letters,
                                       bool relaxed) const {
  std::vector<Xapian::Query> parts{Xapian::Query(word)};
  for (const std::string& synonym : analyzer_.lexicon().synonyms(word)) {
    std::vector<Xapian::Query> syn_words;
    bool holds_word = false;
    for (const Token& t : analyzer_.words(synonym)) {
      syn_words.emplace_back(t.text);
      holds_word |= t.text == word;
    }
    // A synonym that contains the word (前端 → web 前端) matches nothing the
    // word does not, and its phrase check would cost position reads for
    // every candidate.
    if (syn_words.empty() || holds_word) continue;
    Xapian::Query q = syn_words.size() == 1 ? syn_words[0]
                                            : Xapian::Query(Xapian::Query::OP_PHRASE,
                                                            syn_words.begin(), syn_words.end());
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, kSynonymWeight);
  }
  if (latin_letters && word.size() >= 2) {
    Xapian::Query pinyin(Xapian::Query::OP_OR, Xapian::Query(schema::term(schema::kPinyin, word)),
                         Xapian::Query(schema::term(schema::kInitials, word)));
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, pinyin, kPinyinWeight);
  }
  std::vector<std::string> grams = analysis::Analyzer::ngrams(word);
  if (!grams.empty() && !relaxed) {
    // Strict: every bigram, so 机器人 still finds 工业机器人 inside a longer word.
    std::vector<Xapian::Query> gram_queries;
    for (const std::string& g : grams) gram_queries.push_back(gram_query(g));
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_AND, gram_queries),
                       kNgramWeight);
  }
  if (!grams.empty() && relaxed) {
    // Relaxed: any bigram, then any character, each adding its own weight.
    std::vector<Xapian::Query> gram_queries, char_queries;
    if (grams.size() > 1 || grams[0] != word)
      for (const std::string& g : grams) gram_queries.push_back(gram_query(g));
    for (const std::string& c : analysis::Analyzer::unigrams(word))
      char_queries.push_back(gram_query(c));
    if (!gram_queries.empty())
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         combine(Xapian::Query::OP_OR, gram_queries), kRelaxedBigramWeight);
    if (!char_queries.empty())
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         combine(Xapian::Query::OP_OR, char_queries), kRelaxedCharWeight);
  }
  return combine(Xapian::Query::OP_OR, parts);
}

Xapian::Query QueryBuilder::clause_query(const Clause& clause, bool relaxed,
                                         BuiltQuery& built) const {
  if (clause.field == ClauseField::kSkill) {
    std::string value = analyzer_.normalize(clause.text);
    std::string key = analyzer_.skill_key(clause.text);  // springboot → spring boot
    if (key == value) return Xapian::Query(schema::term(schema::kSkill, value));
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::term(schema::kSkill, value)),
                         Xapian::Query(schema::term(schema::kSkill, key)));
  }
  std::vector<QueryWord> words = query_words(analyzer_, clause.text);
  if (words.empty()) return Xapian::Query();
  std::string_view prefix = clause.field == ClauseField::kTitle ? schema::kTitle
                            : clause.field == ClauseField::kOrg ? schema::kOrgWord
                                                                : std::string_view();
  const bool expand = prefix.empty() && !clause.phrase;
  std::vector<Xapian::Query> plain;  // unexpanded content terms, for phrases
  auto expanded = [&](const Token& t, bool loose) {
    bool letters = t.kind == TokenKind::kLatin && all_letters(t.text);
    return expand ? word_query(t.text, letters, loose)
                  : Xapian::Query(schema::term(prefix, t.text));
  };
  for (const QueryWord& w : words) {
    if (w.stop) continue;
    const Token& t = w.token;
    if (!clause.excluded) {
      built.highlight_words.push_back(t.text);
      built.words.push_back(t.text);
      for (const std::string& s : analyzer_.lexicon().synonyms(t.text))
        built.highlight_words.push_back(s);
    }
    plain.emplace_back(schema::term(prefix, t.text));
  }
  if (clause.phrase && plain.size() > 1)
    return Xapian::Query(Xapian::Query::OP_PHRASE, plain.begin(), plain.end());
  // Every free-text clause can relax: the relaxed query also matches parts
  // of words, so even a one-word query gains partial matches.
  if (expand && !clause.excluded) built.can_relax = true;
  if (relaxed && expand) {
    // The safety net: any word, stop words included (their是什么意思), any part
    // of a word, and the bigrams across the query's word boundaries (钢价 for
    // a title segmented 废钢|价格).
    std::vector<Xapian::Query> any;
    for (size_t i = 0; i < words.size(); ++i) {
      any.push_back(expanded(words[i].token, true));
      if (i == 0) continue;
      std::string straddle =
          analysis::Analyzer::boundary_bigram(words[i - 1].token, words[i].token);
      if (!straddle.empty())
        any.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, gram_query(straddle),
                         kRelaxedBigramWeight);
    }
    return combine(Xapian::Query::OP_OR, any);
  }
  std::vector<Xapian::Query> required;
  for (size_t i = 0; i < words.size(); ++i) {
    const Token& t = words[i].token;
    if (words[i].stop) continue;
    bool pair = expand && i + 1 < words.size() && !words[i + 1].stop &&
                analysis::Analyzer::is_mixed_compound(t, words[i + 1].token);
    if (!pair) {
      required.push_back(relaxed ? expanded(t, true) : expanded(t, false));
      continue;
    }
    required.push_back(compound_query(t, words[i + 1].token));
    ++i;
  }
  // No proximity boost (AND_MAYBE NEAR): on the development set it changed
  // nDCG@10 by −0.001 and cost position reads for every candidate (21 of the
  // 28 ms of `Python程序设计`); the title boost (build()) carries that signal.
  return combine(relaxed ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, required);
}

Xapian::Query QueryBuilder::compound_query(const Token& left, const Token& right) const {
  const bool han_left = left.kind == TokenKind::kWord;
  const Token& han = han_left ? left : right;
  const Token& other = han_left ? right : left;
  const std::string whole = left.text + right.text;
  auto part = [this](const Token& t) {
    return word_query(t.text, t.kind == TokenKind::kLatin && all_letters(t.text), false);
  };
  // A part is a mere qualifier when the compound is listed as a synonym of
  // the Han part (前端 web前端): then the Han part alone suffices and the
  // qualifier only lifts documents that also have it.
  const std::vector<std::string> synonyms = analyzer_.lexicon().synonyms(han.text);
  const bool qualifier = std::find(synonyms.begin(), synonyms.end(), whole) != synonyms.end();
  Xapian::Query parts = qualifier
                            ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, part(han), part(other))
                            : Xapian::Query(Xapian::Query::OP_AND, part(left), part(right));
  return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(whole), parts);
}

BuiltQuery QueryBuilder::build(const ParsedQuery& parsed) const {
  BuiltQuery built;
  std::vector<Xapian::Query> strict_groups, relaxed_groups;
  for (const ClauseGroup& group : parsed.groups) {
    std::vector<Xapian::Query> strict_alts, relaxed_alts;
    for (const Clause& clause : group.alternatives) {
      BuiltQuery scratch;
      Xapian::Query strict = clause_query(clause, false, built);
      Xapian::Query relaxed = clause_query(clause, true, scratch);
      if (strict.empty()) continue;
      strict_alts.push_back(strict);
      relaxed_alts.push_back(relaxed);
    }
    if (strict_alts.empty()) continue;
    strict_groups.push_back(combine(Xapian::Query::OP_OR, strict_alts));
    relaxed_groups.push_back(combine(Xapian::Query::OP_OR, relaxed_alts));
  }
  std::vector<Xapian::Query> excluded;
  for (const Clause& clause : parsed.excluded) {
    BuiltQuery scratch;
    Xapian::Query q = clause_query(clause, false, scratch);
    if (!q.empty()) excluded.push_back(q);
  }
  built.strict = combine(Xapian::Query::OP_AND, strict_groups);
  built.relaxed = combine(Xapian::Query::OP_OR, relaxed_groups);
  // Every free-text query can relax: the relaxed query also matches parts
  // of words, so even a one-word query gains partial matches.
  built.can_relax = built.can_relax || built.words.size() > 1;
  if (!built.strict.empty() && !built.words.empty()) {
    // Query words in the title lift a document above one that has them only
    // in its body (数据库原理: the course of that name above postings that
    // ask for "熟悉数据库原理"). OR, not AND: each title word adds its weight.
    // Tuned on the development set (bench/relevance): 0.5 beat 0.25–2.
    // Numbers and single characters (3, 年, 不) say little about a title.
    std::vector<Xapian::Query> title_words;
    for (const std::string& w : built.words)
      if (says_what_a_title_is(w)) title_words.emplace_back(schema::term(schema::kTitle, w));
    if (!title_words.empty()) {
      Xapian::Query boost(Xapian::Query::OP_SCALE_WEIGHT,
                          combine(Xapian::Query::OP_OR, title_words), kTitleWeight);
      built.strict = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.strict, boost);
      built.relaxed = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.relaxed, boost);
    }
  }
  if (built.strict.empty() && !excluded.empty()) {
    built.strict = built.relaxed = schema::match_all();
  }
  if (!excluded.empty()) {
    Xapian::Query not_these = combine(Xapian::Query::OP_OR, excluded);
    built.strict = Xapian::Query(Xapian::Query::OP_AND_NOT, built.strict, not_these);
    built.relaxed = Xapian::Query(Xapian::Query::OP_AND_NOT, built.relaxed, not_these);
  }
  for (const std::string& w : built.words) built.normalized_text += w;
  return built;
}

}  // namespace chanjiao::search
