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

// Words of `text` without stop words (unless only stop words remain).
std::vector<Token> content_words(const analysis::Analyzer& analyzer, std::string_view text) {
  std::vector<Token> words = analyzer.words(text);
  std::vector<Token> kept;
  for (const Token& t : words)
    if (!analyzer.lexicon().is_stopword(t.text)) kept.push_back(t);
  return kept.empty() ? words : kept;
}

}  // namespace

Xapian::Query QueryBuilder::word_query(const std::string& word, bool latin_letters) const {
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
  if (!grams.empty()) {
    std::vector<Xapian::Query> gram_queries;
    for (const std::string& g : grams) {
      // The index keeps an n-gram that is a whole word only as the word term.
      gram_queries.emplace_back(Xapian::Query::OP_OR,
                                Xapian::Query(schema::term(schema::kNgram, g)), Xapian::Query(g));
    }
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_AND, gram_queries),
                       kNgramWeight);
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
  std::vector<Token> words = content_words(analyzer_, clause.text);
  if (words.empty()) return Xapian::Query();
  std::string_view prefix = clause.field == ClauseField::kTitle ? schema::kTitle
                            : clause.field == ClauseField::kOrg ? schema::kOrgWord
                                                                : std::string_view();
  std::vector<Xapian::Query> plain;  // unexpanded terms, for phrases and proximity
  std::vector<Xapian::Query> expanded;
  for (const Token& t : words) {
    if (!clause.excluded) {
      built.highlight_words.push_back(t.text);
      built.words.push_back(t.text);
      for (const std::string& s : analyzer_.lexicon().synonyms(t.text))
        built.highlight_words.push_back(s);
    }
    plain.emplace_back(schema::term(prefix, t.text));
    bool letters = t.kind == TokenKind::kLatin && all_letters(t.text);
    expanded.push_back(prefix.empty() && !clause.phrase
                           ? word_query(t.text, letters)
                           : Xapian::Query(schema::term(prefix, t.text)));
  }
  if (clause.phrase && plain.size() > 1)
    return Xapian::Query(Xapian::Query::OP_PHRASE, plain.begin(), plain.end());
  // No proximity boost (AND_MAYBE NEAR): on the development set it changed
  // nDCG@10 by −0.001 and cost position reads for every candidate (21 of the
  // 28 ms of `Python程序设计`); the title boost (build()) carries that signal.
  return combine(relaxed ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, expanded);
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
  built.can_relax = built.words.size() > 1;
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
    built.strict = built.relaxed = Xapian::Query::MatchAll;
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
