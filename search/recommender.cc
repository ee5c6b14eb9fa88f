#include "search/recommender.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

#include "analyzers/index_vocabulary.h"
#include "core/document.h"
#include "core/index_fields.h"
#include "core/schema.h"
#include "search/long_query.h"
#include "search/recommend_query.h"
#include "search/skill_coverage.h"

namespace chanjiao::search {
namespace {

// Expand terms taken from the source document.
constexpr Xapian::termcount kExpandTerms = 20;
// Weight of one shared skill: kSkillWeight · ln(N / documents with it).
constexpr double kSkillWeight = 2.0;
// Fixed boosts (BM25 weights of one good term are ~3–8).
constexpr double kSameIndustryBoost = 4.0;
constexpr double kSameMajorBoost = 4.0;
constexpr double kProfileMajorWeight = 12.0;
constexpr double kRegionBoost = 12.0;
constexpr size_t kMaxSkillClauses = 12;

// Keeps words and skills: drops n-grams, pinyin, completion keys, filter
// terms, stop words, one-character Han words and numbers, which fill a plain
// expand set with cross-word bigrams and boilerplate.
class WordAndSkillDecider : public Xapian::ExpandDecider {
 public:
  explicit WordAndSkillDecider(const analysis::Analyzer& analyzer) : analyzer_(analyzer) {}
  bool operator()(const std::string& term) const override {
    if (term.empty()) return false;
    if (term.rfind(schema::kSkill, 0) == 0) return term.size() > schema::kSkill.size();
    if (term[0] >= 'A' && term[0] <= 'Z') return false;  // every other prefix
    if (analyzer_.lexicon().is_stopword(term)) return false;
    if (analysis::is_han_word(term)) return term.size() >= 6;  // 2+ characters
    bool letter = std::any_of(term.begin(), term.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    });
    return letter && term.size() >= 2;
  }

 private:
  const analysis::Analyzer& analyzer_;
};

Status check_size_and_types(int size, const std::vector<std::string>& types) {
  if (size < 1 || size > RecommendLimits::kMaxSize)
    return Status::invalid_argument("size: must be between 1 and " +
                                    std::to_string(RecommendLimits::kMaxSize));
  for (const std::string& t : types)
    if (!parse_type(t))
      return Status::invalid_argument("types: must be one of " + std::string(type_names()));
  return Status::ok();
}

}  // namespace

Recommender::Recommender(const analysis::Analyzer& analyzer, Searcher& searcher)
    : analyzer_(analyzer), searcher_(searcher), db_(searcher.database()) {}

Result<RecommendResult> Recommender::similar(const SimilarRequest& request) {
  if (Status s = check_size_and_types(request.size, request.types); !s.is_ok()) return s;
  const std::string id_term = schema::term(schema::kId, request.id);
  Xapian::PostingIterator posting = db_.postlist_begin(id_term);
  if (request.id.empty() || posting == db_.postlist_end(id_term) ||
      !is_visible(db_, *posting, request.viewer))
    return Status::not_found("no document with id " + request.id);
  const Xapian::docid source_id = *posting;
  const Xapian::Document source = db_.get_document(source_id);
  if (!request.baseline && !request.keywords)
    return similar_by_skill_coverage(analyzer_, searcher_, request, source);

  Xapian::Enquire enquire(db_);
  Xapian::RSet rset;
  rset.add_document(source_id);
  WordAndSkillDecider decider(analyzer_);
  Xapian::ESet eset = request.baseline ? enquire.get_eset(kExpandTerms, rset)
                                       : enquire.get_eset(kExpandTerms, rset, &decider);
  std::vector<std::string> words;  // text terms, strongest first
  std::vector<Xapian::Query> parts;
  for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t) {
    if (!request.baseline && (*t).rfind(schema::kSkill, 0) == 0) continue;  // added below
    words.push_back(*t);
    parts.emplace_back(*t);
  }

  const std::vector<std::string> source_skills =
      split_skills(source.get_value(schema::kSkillsValue));
  const std::string industry = source.get_value(schema::kIndustryValue);
  const std::string major = source.get_value(schema::kMajorValue);
  const std::string region = source.get_value(schema::kRegionValue);
  const analysis::IndexVocabulary index_vocabulary(analyzer_);
  Xapian::Query query;
  if (request.baseline) {
    query = any_of(std::move(parts));
  } else {
    const double n = std::max<double>(db_.get_doccount(), 1);
    std::vector<std::pair<double, std::string>> skill_terms;  // (weight, term)
    Xapian::TermIterator t = source.termlist_begin();
    for (t.skip_to(std::string(schema::kSkill)); t != source.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.rfind(schema::kSkill, 0) != 0) break;
      double df = std::max<double>(db_.get_termfreq(term), 1);
      if (df <= 1) continue;  // only this document has it
      skill_terms.emplace_back(kSkillWeight * std::log(n / df) + 1.0, term);
    }
    // The rarest skills say most; a long list of common ones only costs time.
    std::sort(skill_terms.rbegin(), skill_terms.rend());
    if (skill_terms.size() > kMaxSkillClauses) skill_terms.resize(kMaxSkillClauses);
    for (const auto& [weight, term] : skill_terms) parts.push_back(fixed_weight(term, weight));
    query = any_of(std::move(parts));
    std::vector<Xapian::Query> boosts;
    if (!industry.empty())
      boosts.push_back(
          fixed_weight(schema::term(schema::kIndustry, index_vocabulary.filter_value(industry)),
                       kSameIndustryBoost));
    if (!major.empty())
      boosts.push_back(fixed_weight(
          schema::term(schema::kMajor, index_vocabulary.filter_value(major)), kSameMajorBoost));
    if (!query.empty() && !boosts.empty())
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, any_of(std::move(boosts)));
  }
  RecommendResult result;
  result.source_skills = source_skills;
  if (query.empty()) return result;
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(id_term));
  if (Xapian::Query types = type_filter(request.types); !types.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, types);
  query = visible_only(db_, query, request.viewer);

  if (!request.baseline) query = not_reposts_of(query, source.get_value(schema::kCollapseKey));
  enquire = collapsed_enquire(db_, query);
  if (request.baseline) enquire.set_collapse_key(Xapian::BAD_VALUENO);  // plain MoreLikeThis
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(request.size));
  result.total = mset.get_matches_estimated();

  std::vector<std::string> highlight(words.begin(),
                                     words.begin() + std::min<size_t>(words.size(), 10));
  std::set<std::string> source_skill_set(source_skills.begin(), source_skills.end());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Recommendation rec;
    rec.hit = make_hit(analyzer_, doc, it.get_weight(), highlight);
    if (rec.hit.id.empty()) continue;
    rec.skills = split_skills(doc.get_value(schema::kSkillsValue));
    std::vector<std::string> shared;
    for (const std::string& s : rec.skills)
      if (source_skill_set.count(s)) shared.push_back(s);
    if (!shared.empty()) rec.reasons.push_back("共同技能：" + join_items(shared));
    if (!industry.empty() && doc.get_value(schema::kIndustryValue) == industry)
      rec.reasons.push_back("同属行业：" + industry);
    if (!major.empty() && doc.get_value(schema::kMajorValue) == major)
      rec.reasons.push_back("对应专业：" + major);
    if (!region.empty() && doc.get_value(schema::kRegionValue) == region)
      rec.reasons.push_back("同在" + region);
    std::unordered_set<std::string> matching;
    for (Xapian::TermIterator t = enquire.get_matching_terms_begin(it);
         t != enquire.get_matching_terms_end(it); ++t)
      matching.insert(*t);
    std::unordered_set<std::string> skill_words;
    for (const std::string& s : shared)
      for (std::string& w : analyzer_.word_texts(s)) skill_words.insert(std::move(w));
    std::vector<std::string> shared_terms;
    for (const std::string& w : words)
      if (matching.count(w) && !skill_words.count(w) && shared_terms.size() < 4)
        shared_terms.push_back(w);
    if (!shared_terms.empty()) rec.reasons.push_back("共同关键词：" + join_items(shared_terms));
    result.hits.push_back(std::move(rec));
  }
  return result;
}

Result<RecommendResult> Recommender::for_profile(const Profile& p) {
  if (Status s = check_size_and_types(p.size, p.types); !s.is_ok()) return s;
  std::optional<int> education;
  if (!p.education.empty()) {
    education = schema::education_rank(p.education);
    if (!education)
      return Status::invalid_argument("education: must be one of " +
                                      schema::education_level_list());
  }
  const analysis::IndexVocabulary index_vocabulary(analyzer_);
  const double n = std::max<double>(db_.get_doccount(), 1);
  std::vector<Xapian::Query> parts;
  std::vector<std::string> highlight;
  // Profile skills: canonical key → the name shown in reasons.
  std::vector<std::pair<std::string, std::string>> skills;
  for (const std::string& s : p.skills) {
    std::vector<std::string> w = analyzer_.word_texts(s);
    const analysis::Skill* known = analyzer_.skills().lookup(w);
    std::string key = known ? known->key : index_vocabulary.filter_value(s);
    if (key.empty()) continue;
    skills.emplace_back(key, known ? known->name : s);
    const std::string term = schema::term(schema::kSkill, key);
    if (double df = db_.get_termfreq(term); df > 0)
      parts.push_back(fixed_weight(term, kSkillWeight * std::log(n / df) + 4.0));
    for (const std::string& word : known ? analyzer_.word_texts(known->name) : w) {
      highlight.push_back(word);
      // A known skill is matched by its `XS` term whatever the spelling; the
      // words of an unknown one are all there is.
      if (!known && !analyzer_.lexicon().is_stopword(word)) parts.emplace_back(word);
    }
  }
  // A CV's text: the skills it names join the profile's, and its most
  // discriminative words are searched as for a pasted text.
  std::vector<std::string> text_query_words;  // a long query's leaves are no terms
  if (!p.text.empty()) {
    auto subwords = [this](std::string_view word) {
      return analysis::is_han_word(word) ? analyzer_.subwords(word) : std::vector<std::string>();
    };
    for (const analysis::Skill* s :
         analyzer_.skills().find(analyzer_.word_texts(p.text), subwords)) {
      if (std::any_of(skills.begin(), skills.end(),
                      [&](const auto& k) { return k.first == s->key; }))
        continue;
      skills.emplace_back(s->key, s->name);
      const std::string term = schema::term(schema::kSkill, s->key);
      if (double df = db_.get_termfreq(term); df > 0)
        parts.push_back(fixed_weight(term, kSkillWeight * std::log(n / df) + 4.0));
      for (const std::string& word : analyzer_.word_texts(s->name)) highlight.push_back(word);
    }
    BuiltQuery text_query =
        build_long_query(analyzer_, db_, p.text, searcher_.long_text_mean_length());
    if (!text_query.words.empty()) parts.push_back(text_query.strict);
    for (const std::string& word : text_query.words) highlight.push_back(word);
    text_query_words = std::move(text_query.words);
  }
  std::string major_value = index_vocabulary.filter_value(p.major);
  if (!major_value.empty()) {
    parts.push_back(fixed_weight(schema::term(schema::kMajor, major_value), kProfileMajorWeight));
    for (const std::string& word : analyzer_.word_texts(p.major)) parts.emplace_back(word);
  }
  std::unordered_set<std::string> interest_words;
  for (const std::string& word : analyzer_.word_texts(p.interests)) {
    if (analyzer_.lexicon().is_stopword(word)) continue;
    if (analysis::is_han_word(word) && word.size() < 6) continue;
    interest_words.insert(word);
    parts.emplace_back(word);
    highlight.push_back(word);
  }
  RecommendResult result;
  Xapian::Query query = any_of(std::move(parts));
  if (query.empty()) return result;

  const std::string region_value = index_vocabulary.filter_value(p.region);
  if (!region_value.empty())
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          fixed_weight(schema::term(schema::kRegion, region_value), kRegionBoost));
  if (education) {
    // Hard filter: job postings whose level is above the student's. Levels
    // this code does not know stay visible (they cannot be judged).
    std::vector<Xapian::Query> too_high;
    const std::string prefix(schema::kEducation);
    for (Xapian::TermIterator t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
      std::optional<int> rank = schema::education_rank((*t).substr(prefix.size()));
      if (rank && *rank > *education) too_high.emplace_back(*t);
    }
    if (!too_high.empty())
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                            Xapian::Query(Xapian::Query::OP_FILTER, any_of(std::move(too_high)),
                                          Xapian::Query(schema::term(schema::kType, "job"))));
  }
  std::vector<Xapian::Query> excluded;
  for (const std::string& id : p.exclude) excluded.emplace_back(schema::term(schema::kId, id));
  if (!excluded.empty())
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_of(std::move(excluded)));
  if (Xapian::Query types = type_filter(p.types); !types.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, types);
  if (!query.empty()) query = visible_only(db_, query, p.viewer);

  Xapian::Enquire enquire = collapsed_enquire(db_, query);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(p.size));
  result.total = mset.get_matches_estimated();

  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Recommendation rec;
    rec.hit = make_hit(analyzer_, doc, it.get_weight(), highlight);
    if (rec.hit.id.empty()) continue;
    rec.skills = split_skills(doc.get_value(schema::kSkillsValue));
    std::set<std::string> doc_keys;
    Xapian::TermIterator t = doc.termlist_begin();
    for (t.skip_to(std::string(schema::kSkill)); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.rfind(schema::kSkill, 0) != 0) break;
      doc_keys.insert(term.substr(schema::kSkill.size()));
    }
    std::vector<std::string> matched;
    for (const auto& [key, name] : skills)
      if (doc_keys.count(key)) matched.push_back(name);
    if (!matched.empty()) rec.reasons.push_back("匹配技能：" + join_items(matched));
    std::string major = doc.get_value(schema::kMajorValue);
    if (!major_value.empty() && index_vocabulary.filter_value(major) == major_value)
      rec.reasons.push_back("专业对口：" + major);
    std::string region = doc.get_value(schema::kRegionValue);
    if (!region_value.empty() && index_vocabulary.filter_value(region) == region_value)
      rec.reasons.push_back("地区匹配：" + region);
    std::string level = doc.get_value(schema::kEducationValue);
    if (education && rec.hit.type == "job" && !level.empty())
      rec.reasons.push_back("学历要求" + level + "，符合你的学历（" + p.education + "）");
    std::vector<std::string> interests;
    for (Xapian::TermIterator m = enquire.get_matching_terms_begin(it);
         m != enquire.get_matching_terms_end(it); ++m)
      if (interest_words.count(*m)) interests.push_back(*m);
    if (!interests.empty()) rec.reasons.push_back("与兴趣相关：" + join_items(interests));
    std::vector<std::string> shared;
    for (const std::string& w : matching_words(doc, text_query_words))
      if (!interest_words.count(w) && shared.size() < kMaxReasonItems) shared.push_back(w);
    if (!shared.empty()) rec.reasons.push_back("与简历相关：" + join_items(shared));
    result.hits.push_back(std::move(rec));
  }
  return result;
}

}  // namespace chanjiao::search
