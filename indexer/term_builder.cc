#include "indexer/term_builder.h"

#include "core/index_fields.h"
#include "core/schema.h"

namespace chanjiao::index {
namespace {

using analysis::TokenKind;

Xapian::termcount field_weight(Field field) {
  switch (field) {
    case Field::kTitle:
      return 5;
    case Field::kKeyword:
      return 3;
    case Field::kOrg:
      return 2;
    case Field::kBody:
      return 1;
  }
  return 1;
}

bool wants_pinyin(Field field) {
  return field != Field::kBody;
}

// Gap between fields so phrases never match across a field boundary.
constexpr Xapian::termpos kFieldGap = 100;

void add_terms(Xapian::Document& doc, const std::vector<Term>& terms) {
  for (const Term& t : terms) {
    if (t.term.size() > schema::kMaxTermBytes) continue;
    if (t.position != 0) {
      doc.add_posting(t.term, t.position, t.wdf);
    } else {
      doc.add_term(t.term, t.wdf);
    }
  }
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, const std::string& value) {
  if (value.empty()) return;
  std::string term = schema::term(prefix, value);
  if (term.size() <= schema::kMaxTermBytes) doc.add_boolean_term(term);
}

// Completion strings longer than this are not offered as suggestions.
constexpr size_t kMaxCompletionBytes = 90;

}  // namespace

std::string TermBuilder::words_pinyin(const std::vector<analysis::Token>& words,
                                      bool initials) const {
  std::string out;
  for (const analysis::Token& token : words) {
    if (token.kind == TokenKind::kWord) {
      std::string p =
          initials ? analyzer_.pinyin().initials(token.text) : analyzer_.pinyin().full(token.text);
      out += p.empty() ? token.text : p;
    } else {
      out += token.text;
    }
  }
  return out;
}

std::vector<Term> TermBuilder::field_terms(std::string_view text, Field field,
                                           Xapian::termpos first_position) const {
  return word_terms(analyzer_.words(text), field, first_position);
}

std::vector<Term> TermBuilder::word_terms(const std::vector<analysis::Token>& words, Field field,
                                          Xapian::termpos first_position) const {
  std::vector<Term> out;
  const Xapian::termcount wdf = field_weight(field);
  // Sub-words (前端 in 前端开发工程师) count about half the whole word, so a
  // title that *is* the query word outranks one that only contains it.
  const Xapian::termcount sub_wdf = (wdf + 1) / 2;
  Xapian::termpos position = first_position;
  std::string previous_han;  // for pinyin of adjacent word pairs (数据+分析 → sjfx)
  auto add_pinyin = [&](const std::string& word, Xapian::termcount weight) {
    std::string full = analyzer_.pinyin().full(word);
    if (full.empty()) return;
    out.push_back({schema::term(schema::kPinyin, full), 0, weight});
    out.push_back({schema::term(schema::kInitials, analyzer_.pinyin().initials(word)), 0, weight});
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const analysis::Token& token = words[i];
    const std::string& word = token.text;
    out.push_back({word, position, wdf});
    if (field == Field::kTitle) out.push_back({schema::term(schema::kTitle, word), position, wdf});
    if (field == Field::kOrg) out.push_back({schema::term(schema::kOrgWord, word), position, wdf});
    if (i > 0) {
      const analysis::Token& previous = words[i - 1];
      // web前端, java开发: the compound as typed, besides its parts.
      if (analysis::Analyzer::is_mixed_compound(previous, token))
        out.push_back({previous.text + word, 0, wdf});
      // 法律|咨询 → 律咨: what plain n-gram indexing would see across the boundary.
      std::string straddle = analysis::Analyzer::boundary_bigram(previous, token);
      if (!straddle.empty()) out.push_back({schema::term(schema::kNgram, straddle), 0, wdf});
    }
    bool han = token.kind == TokenKind::kWord;
    if (han) {
      for (const std::string& sub : analyzer_.subwords(word)) {
        out.push_back({sub, position, sub_wdf});
        if (field == Field::kTitle)
          out.push_back({schema::term(schema::kTitle, sub), position, sub_wdf});
        // qianduan, qd find 前端开发工程师.
        if (wants_pinyin(field)) add_pinyin(sub, sub_wdf);
      }
      // A two-character word is its own bigram (a one-character word its own
      // unigram): the word term already records it, and the query side looks
      // n-grams up as `XN` or plain term, so it is not indexed twice.
      std::vector<std::string> bigrams = analysis::Analyzer::ngrams(word);
      if (bigrams.size() > 1 || (bigrams.size() == 1 && bigrams[0] != word))
        for (const std::string& gram : bigrams)
          out.push_back({schema::term(schema::kNgram, gram), 0, wdf});
      // Unigrams (for one-character queries) only outside the body: in the
      // body they would be a third of all postings for little benefit.
      if (field != Field::kBody)
        for (const std::string& gram : analysis::Analyzer::unigrams(word))
          out.push_back({schema::term(schema::kNgram, gram), 0, wdf});
    }
    if (wants_pinyin(field)) {
      if (han) {
        add_pinyin(word, wdf);
        // Word pairs of titles too, so initials of a phrase match (数据+分析 → sjfx).
        if (field == Field::kTitle && !previous_han.empty()) add_pinyin(previous_han + word, wdf);
      }
      previous_han = han ? word : std::string();
    }
    ++position;
  }
  return out;
}

// Every text field of a document, analysed once and shared by the terms,
// skills, spelling words and completions built from it.
struct TermBuilder::AnalysedFields {
  AnalysedFields(const analysis::Analyzer& analyzer, const Document& doc)
      : title(analyzer.words(doc.title)),
        body(analyzer.words(doc.body)),
        org(analyzer.words(doc.org)),
        major(analyzer.words(doc.major)) {
    for (const std::string& s : doc.skills) skills.push_back(analyzer.words(s));
    for (const std::string& t : doc.tags) tags.push_back(analyzer.words(t));
  }
  std::vector<analysis::Token> title, body, org, major;
  std::vector<std::vector<analysis::Token>> skills, tags;
};

namespace {

std::vector<std::string> texts(const std::vector<analysis::Token>& words) {
  std::vector<std::string> out;
  out.reserve(words.size());
  for (const analysis::Token& t : words) out.push_back(t.text);
  return out;
}

}  // namespace

std::map<std::string, std::string> TermBuilder::skills(const Document& doc) const {
  return skills(doc, AnalysedFields(analyzer_, doc));
}

std::map<std::string, std::string> TermBuilder::skills(const Document& doc,
                                                       const AnalysedFields& fields) const {
  std::map<std::string, std::string> out;  // key → display name
  auto subwords = [this](std::string_view word) {
    return analysis::is_han_word(word) ? analyzer_.subwords(word) : std::vector<std::string>();
  };
  auto find_in = [&](const std::vector<analysis::Token>& words) {
    for (const analysis::Skill* s : analyzer_.skills().find(texts(words), subwords))
      out.emplace(s->key, s->name);
  };
  for (size_t i = 0; i < doc.skills.size(); ++i) {
    if (const analysis::Skill* s = analyzer_.skills().lookup(texts(fields.skills[i]))) {
      out.emplace(s->key, s->name);
      continue;
    }
    std::string key = vocabulary_.filter_value(doc.skills[i]);
    if (!key.empty()) out.emplace(key, key);
    find_in(fields.skills[i]);
  }
  find_in(fields.title);
  find_in(fields.body);
  return out;
}

Xapian::Document TermBuilder::build(const Document& doc, std::vector<std::string>* spelling) const {
  const AnalysedFields fields(analyzer_, doc);
  Xapian::Document xdoc;
  Xapian::termpos position = 1;
  auto add_words = [&](const std::vector<analysis::Token>& words, Field field) {
    if (words.empty()) return;
    std::vector<Term> terms = word_terms(words, field, position);
    add_terms(xdoc, terms);
    for (const Term& t : terms) position = std::max(position, t.position);
    position += kFieldGap;
  };
  auto add_field = [&](std::string_view text, Field field) {
    if (!text.empty()) add_words(analyzer_.words(text), field);
  };
  add_words(fields.title, Field::kTitle);
  for (const auto& words : fields.skills) add_words(words, Field::kKeyword);
  for (const auto& words : fields.tags) add_words(words, Field::kKeyword);
  add_words(fields.major, Field::kKeyword);
  for (const std::string* text : {&doc.industry, &doc.region}) add_field(*text, Field::kKeyword);
  add_words(fields.org, Field::kOrg);
  for (const std::string* text : {&doc.school, &doc.enterprise}) add_field(*text, Field::kOrg);
  add_words(fields.body, Field::kBody);

  if (spelling != nullptr) {
    auto add_spelling = [spelling](const std::vector<analysis::Token>& words, bool latin_only) {
      for (const analysis::Token& token : words) {
        bool latin = token.kind == TokenKind::kLatin;
        bool han = token.kind == TokenKind::kWord && token.text.size() >= 6;  // 2+ characters
        if (latin ? token.text.size() >= 3 : (han && !latin_only)) spelling->push_back(token.text);
      }
    };
    add_spelling(fields.title, false);
    for (const auto& words : fields.skills) add_spelling(words, false);
    for (const auto& words : fields.tags) add_spelling(words, false);
    add_spelling(fields.body, true);
    std::string title = vocabulary_.filter_value(doc.title);
    if (title.size() <= 36 && title.find(' ') == std::string::npos) spelling->push_back(title);
  }

  const std::map<std::string, std::string> doc_skills = skills(doc, fields);
  for (const auto& [key, name] : doc_skills) add_boolean(xdoc, schema::kSkill, key);
  for (const std::string& tag : doc.tags)
    add_boolean(xdoc, schema::kTag, vocabulary_.filter_value(tag));
  add_boolean(xdoc, schema::kId, doc.id);
  // The filter term and display value of every field (core/index_fields.h).
  for (const schema::FilterFieldInfo& field : schema::kFilterFields) {
    const std::string value = schema::field_value(doc, field.id);
    add_boolean(xdoc, field.prefix, vocabulary_.filter_value(field.id, value));
    if (!value.empty()) xdoc.add_value(field.slot, value);
  }
  add_boolean(xdoc, schema::kOwnerOrg, doc.owner_org);
  if (doc.restricted) xdoc.add_boolean_term(schema::kRestrictedTerm);

  if (auto day = parse_iso_day(doc.published_at))
    xdoc.add_value(schema::kPublishedDay, Xapian::sortable_serialise(static_cast<double>(*day)));
  if (doc.salary_min)
    xdoc.add_value(schema::kSalaryMin,
                   Xapian::sortable_serialise(static_cast<double>(*doc.salary_min)));
  if (doc.salary_max)
    xdoc.add_value(schema::kSalaryMax,
                   Xapian::sortable_serialise(static_cast<double>(*doc.salary_max)));
  if (doc.year) xdoc.add_value(schema::kYear, Xapian::sortable_serialise(*doc.year));
  const std::string collapse_key = vocabulary_.collapse_key(doc);
  xdoc.add_value(schema::kCollapseKey, collapse_key);
  std::string skill_names;
  for (const auto& [key, name] : doc_skills)
    skill_names += (skill_names.empty() ? "" : std::string(1, schema::kSkillSeparator)) + name;
  if (!skill_names.empty()) xdoc.add_value(schema::kSkillsValue, skill_names);
  xdoc.add_value(schema::kFacetPack, schema::encode_facet_pack(collapse_key, doc, skill_names));

  auto add_completion = [&](const std::string& display, const std::vector<analysis::Token>& words) {
    if (display.empty() || display.size() > kMaxCompletionBytes) return;
    const std::string suffix = std::string(1, schema::kCompletionSeparator) + display;
    std::string key = vocabulary_.filter_value(display);
    add_boolean(xdoc, schema::kCompleteText, key + suffix);
    std::string full = words_pinyin(words, false);
    if (full != key) {
      add_boolean(xdoc, schema::kCompletePinyin, full + suffix);
      add_boolean(xdoc, schema::kCompleteInitials, words_pinyin(words, true) + suffix);
    }
  };
  add_completion(doc.title, fields.title);
  for (size_t i = 0; i < doc.skills.size(); ++i) add_completion(doc.skills[i], fields.skills[i]);
  add_completion(doc.org, fields.org);
  add_completion(doc.major, fields.major);
  xdoc.set_data(to_json(doc));
  return xdoc;
}

}  // namespace chanjiao::index
