#include "search/recommender.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <set>
#include <unordered_set>

#include "analyzers/index_vocabulary.h"
#include "core/document.h"
#include "core/schema.h"
#include "search/long_query.h"

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
constexpr size_t kMaxReasonItems = 5;
constexpr size_t kMaxSkillClauses = 12;

struct Level {
  const char* name;
  int rank;
};
// Spellings seen in postings (sample corpus and the imported job boards).
constexpr Level kLevels[] = {
    {"不限", 0}, {"学历不限", 0},  {"无学历要求", 0}, {"中专", 1},       {"中技", 1},
    {"高中", 1}, {"中专/高中", 1}, {"中专及以上", 1}, {"高中及以上", 1}, {"大专", 2},
    {"专科", 2}, {"高职", 2},      {"大专及以上", 2}, {"本科", 3},       {"本科及以上", 3},
    {"学士", 3}, {"硕士", 4},      {"研究生", 4},     {"硕士及以上", 4}, {"博士", 5},
};

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

// Rejects the source document's reposts (same collapse key).
class NotCollapseKey : public Xapian::MatchDecider {
 public:
  explicit NotCollapseKey(std::string key) : key_(std::move(key)) {}
  bool operator()(const Xapian::Document& doc) const override {
    return doc.get_value(schema::kCollapseKey) != key_;
  }

 private:
  std::string key_;
};

std::vector<std::string> split_skills(const std::string& value) {
  std::vector<std::string> out;
  for (size_t b = 0; b < value.size();) {
    size_t e = value.find(schema::kSkillSeparator, b);
    if (e == std::string::npos) e = value.size();
    if (e > b) out.push_back(value.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string join_items(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kMaxReasonItems; ++i)
    out += (i ? "、" : "") + items[i];
  return out;
}

// `weight` for every document indexed with `term`, nothing for the others.
Xapian::Query fixed_weight(const std::string& term, double weight) {
  Xapian::Query source((new Xapian::FixedWeightPostingSource(weight))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, source, Xapian::Query(term));
}

Xapian::Query any_of(std::vector<Xapian::Query> parts) {
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query type_filter(const std::vector<std::string>& types) {
  std::vector<Xapian::Query> parts;
  for (const std::string& t : types) parts.emplace_back(schema::term(schema::kType, t));
  return any_of(std::move(parts));
}

Status check_size_and_types(int size, const std::vector<std::string>& types) {
  if (size < 1 || size > RecommendLimits::kMaxSize)
    return Status::invalid_argument("size: must be between 1 and " +
                                    std::to_string(RecommendLimits::kMaxSize));
  for (const std::string& t : types)
    if (!parse_type(t))
      return Status::invalid_argument("types: must be one of " + std::string(type_names()));
  return Status::ok();
}

// Skill coverage weights (similar_by_skills): by the role of the source's
// skill, times where the candidate has it.
constexpr double kCoreWeight = 3.0;
constexpr double kPlusWeight = 1.5;
constexpr double kFoundationWeight = 0.75;
constexpr double kMainSkill = 1.5;   // a skill the posting's title names (RequiredSkill::in_title)
constexpr double kInTitle = 1.0;     // the candidate's title names the skill
constexpr double kInBodyOnly = 0.4;  // only its body, intro or skill list does
constexpr double kIntroForExpert = 0.6;  // an introduction for a skill to master
constexpr double kGenericFactor = 0.7;
// A course whose title names skills, none of them needed, is mostly about
// something else (零基础学C语言 for a web posting that mentions C once).
constexpr double kOffTopicFactor = 0.5;
constexpr double kCoveredAgain = 0.35;  // a skill an earlier pick already teaches
constexpr double kTitleWordTie = 0.05;
constexpr Xapian::doccount kMinCandidates = 50;

double role_weight(analysis::SkillRole role) {
  switch (role) {
    case analysis::SkillRole::kCore:
      return kCoreWeight;
    case analysis::SkillRole::kPlus:
      return kPlusWeight;
    case analysis::SkillRole::kFoundation:
      return kFoundationWeight;
  }
  return 0;
}

// The `XS` keys of a document's skills, from its kSkillsValue (one value
// read; a job's term list is large and compressed). An explicit skill outside
// the vocabulary is stored under its key (analyzers/index_vocabulary.h).
std::unordered_set<std::string> skill_keys(const analysis::SkillExtractor& vocabulary,
                                           const Xapian::Document& doc) {
  std::unordered_set<std::string> keys;
  for (std::string& name : split_skills(doc.get_value(schema::kSkillsValue))) {
    const analysis::Skill* s = vocabulary.named(name);
    keys.insert(s ? s->key : std::move(name));
  }
  return keys;
}

// A title reduced to its Han, letter and digit characters, without
// bracketed parts: the same course from several schools (C语言程序设计,
// C语言程序设计（上）) gets one key.
// `normalized` is the analyzer's normalize() of the title.
std::string title_key(const std::string& normalized) {
  int depth = 0;
  std::string key;
  for (size_t i = 0; i < normalized.size();) {
    unsigned char c = static_cast<unsigned char>(normalized[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string_view ch(normalized.data() + i, std::min(n, normalized.size() - i));
    if (ch == "(" || ch == "（" || ch == "[" || ch == "【")
      ++depth;
    else if (ch == ")" || ch == "）" || ch == "]" || ch == "】")
      depth = std::max(depth - 1, 0);
    else if (depth == 0 && (n > 1 || std::isalnum(c)))
      key += ch;
    i += n;
  }
  return key;
}

// Words of a title (word_texts()) that may break ties: not stop words, not
// one character.
std::unordered_set<std::string> tie_words(const analysis::Analyzer& analyzer,
                                          std::vector<std::string> words) {
  std::unordered_set<std::string> out;
  for (std::string& w : words) {
    if (analyzer.lexicon().is_stopword(w)) continue;
    if (analysis::is_han_word(w) ? w.size() < 6 : w.size() < 2) continue;
    out.insert(std::move(w));
  }
  return out;
}

struct Need {
  const analysis::Skill* skill;
  analysis::SkillRole role;
  analysis::SkillLevel level;
  bool main = false;  // named by the posting's title
};

struct Candidate {
  Xapian::Document doc;
  Document parsed;
  double xapian_weight = 0;
  bool intro = false;
  bool generic = false;
  std::unordered_set<std::string> title_skills;  // keys
  std::unordered_set<std::string> keys;          // every `XS` key
  std::string key;                               // title_key()
  double ties = 0;
};

// How much of `needs` a candidate covers; skills in `covered` count at
// kCoveredAgain. Generic courses count only for core and plus skills.
// Foundations count once (the best one): 数据结构 and 算法 in one course are
// one foundation course, not worth a core skill.
double coverage(const Candidate& c, const std::vector<Need>& needs,
                const std::unordered_set<std::string>& covered) {
  double score = 0, foundation = 0;
  // A title naming several skills teaches each of them less
  // (面向对象程序设计（C++和Java）, 数据结构与算法Python版).
  const double in_title =
      kInTitle / std::sqrt(static_cast<double>(std::max<size_t>(c.title_skills.size(), 1)));
  for (const Need& n : needs) {
    if (!c.keys.count(n.skill->key)) continue;
    if (c.generic && n.role == analysis::SkillRole::kFoundation) continue;
    double w = role_weight(n.role) * (c.title_skills.count(n.skill->key) ? in_title : kInBodyOnly);
    if (n.main) w *= kMainSkill;
    if (c.intro && n.level == analysis::SkillLevel::kExpert) w *= kIntroForExpert;
    if (covered.count(n.skill->key)) w *= kCoveredAgain;
    if (n.role == analysis::SkillRole::kFoundation)
      foundation = std::max(foundation, w);
    else
      score += w;
  }
  score += foundation;
  if (c.generic) score *= kGenericFactor;
  if (!c.title_skills.empty() && std::none_of(needs.begin(), needs.end(), [&](const Need& n) {
        return c.title_skills.count(n.skill->key) > 0;
      }))
    score *= kOffTopicFactor;
  return score;
}

// The reasons of a skill-coverage hit. A job → course hit names the skills
// the course teaches, the foundations it gives and the core skills it leaves
// out ("教授：Java、MySQL；未覆盖：Spring"); a course → job hit names what the
// job needs of the course and what else it needs; two documents of the same
// type (job ↔ job) share skills.
std::vector<std::string> coverage_reasons(const analysis::Analyzer& analyzer, DocType source_type,
                                          const Candidate& c, const std::vector<Need>& needs,
                                          const std::vector<std::string>& source_skills,
                                          const std::vector<std::string>& hit_skills) {
  std::vector<std::string> reasons;
  if (c.parsed.type == source_type) {
    std::unordered_set<std::string> source_set(source_skills.begin(), source_skills.end());
    std::vector<std::string> shared;
    for (const std::string& s : hit_skills)
      if (source_set.count(s)) shared.push_back(s);
    if (!shared.empty()) reasons.push_back("共同技能：" + join_items(shared));
    return reasons;
  }
  std::vector<std::string> taught, foundations, missing;
  for (const Need& n : needs) {
    const bool has = c.keys.count(n.skill->key) > 0;
    if (has && n.role == analysis::SkillRole::kFoundation)
      foundations.push_back(n.skill->name);
    else if (has)
      taught.push_back(n.skill->name);
    else if (n.role == analysis::SkillRole::kCore)
      missing.push_back(n.skill->name);
  }
  const bool teaches = c.parsed.type != DocType::kJob;
  std::vector<std::string> parts;
  if (!taught.empty()) parts.push_back((teaches ? "教授：" : "需要：") + join_items(taught));
  if (!foundations.empty()) parts.push_back("基础：" + join_items(foundations));
  if (source_type == DocType::kJob && teaches && !missing.empty())
    parts.push_back("未覆盖：" + join_items(missing));
  if (!teaches) {
    std::unordered_set<std::string> source_keys;
    for (const Need& n : needs) source_keys.insert(n.skill->key);
    std::vector<std::string> more;
    for (const std::string& name : hit_skills)
      if (!source_keys.count(analyzer.skill_key(name)) && more.size() < 3) more.push_back(name);
    if (!more.empty()) parts.push_back("还需要：" + join_items(more));
  }
  std::string reason;
  for (const std::string& part : parts) reason += (reason.empty() ? "" : "；") + part;
  if (!reason.empty()) reasons.push_back(reason);
  return reasons;
}

}  // namespace

std::optional<int> education_rank(std::string_view education) {
  for (const Level& level : kLevels)
    if (education == level.name) return level.rank;
  return std::nullopt;
}

const std::vector<std::string>& education_levels() {
  static const std::vector<std::string> levels = {"不限", "中专", "高中", "大专",
                                                  "本科", "硕士", "博士"};
  return levels;
}

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
  if (!request.baseline && !request.keywords) return similar_by_skills(request, source);

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

  enquire.set_query(query);
  enquire.set_time_limit(SearchLimits::kMatchTimeLimitSeconds);
  NotCollapseKey not_repost(source.get_value(schema::kCollapseKey));
  if (!request.baseline) enquire.set_collapse_key(schema::kCollapseKey);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(request.size), nullptr,
                                       request.baseline ? nullptr : &not_repost);
  result.total = mset.get_matches_estimated();

  std::vector<std::string> highlight(words.begin(),
                                     words.begin() + std::min<size_t>(words.size(), 10));
  std::set<std::string> source_skill_set(source_skills.begin(), source_skills.end());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Recommendation rec;
    rec.hit = searcher_.make_hit(doc, it.get_weight(), highlight);
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

Result<RecommendResult> Recommender::similar_by_skills(const SimilarRequest& request,
                                                       const Xapian::Document& source) {
  Result<Document> parsed = parse_document(source.get_data());
  if (!parsed.is_ok()) return parsed.status();
  const Document& d = parsed.value();
  const analysis::SkillExtractor& vocabulary = analyzer_.skills();
  auto find = [this](std::string_view text) { return analyzer_.find_skills(text); };
  auto normalize = [this](std::string_view text) { return analyzer_.normalize(text); };

  // What the source asks for (a posting) or teaches (a course, a case).
  std::vector<Need> needs;
  if (d.type == DocType::kJob) {
    analysis::PostingText posting{d.title, d.body, &d.skills, d.org};
    for (const analysis::RequiredSkill& r : vocabulary.requirements(posting, find, normalize))
      needs.push_back({r.skill, r.role, r.level, r.in_title});
  } else {
    std::unordered_set<const analysis::Skill*> seen;
    auto add = [&](std::string_view text, analysis::SkillRole role) {
      for (const analysis::Skill* s : find(text))
        if (seen.insert(s).second) needs.push_back({s, role, analysis::SkillLevel::kUnstated});
    };
    add(d.title, analysis::SkillRole::kCore);
    for (const std::string& s : d.skills) add(s, analysis::SkillRole::kCore);
    add(d.body, analysis::SkillRole::kPlus);
  }
  // An explicit skill naming nothing the vocabulary knows (雷达调试) is still
  // a core skill of the source, under the key the indexer gave it.
  std::deque<analysis::Skill> unknown;
  const analysis::IndexVocabulary index_vocabulary(analyzer_);
  std::unordered_set<std::string> unknown_keys;
  for (const std::string& s : d.skills) {
    const std::vector<std::string> words = analyzer_.word_texts(s);
    if (vocabulary.lookup(words) || !analyzer_.find_skills(words).empty()) continue;
    std::string key = index_vocabulary.filter_value(s);
    if (key.empty() || !unknown_keys.insert(key).second) continue;
    unknown.push_back({s, std::move(key)});
    needs.push_back({&unknown.back(), analysis::SkillRole::kCore, analysis::SkillLevel::kUnstated});
  }
  RecommendResult result;
  result.source_skills = split_skills(source.get_value(schema::kSkillsValue));
  std::vector<Xapian::Query> parts;
  for (const Need& n : needs)
    parts.push_back(fixed_weight(schema::term(schema::kSkill, n.skill->key), role_weight(n.role)));
  Xapian::Query query = any_of(std::move(parts));
  if (query.empty()) return result;  // no skill: nothing is evidence
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                        Xapian::Query(schema::term(schema::kId, request.id)));
  if (Xapian::Query types = type_filter(request.types); !types.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, types);
  query = visible_only(db_, query, request.viewer);

  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_time_limit(SearchLimits::kMatchTimeLimitSeconds);
  enquire.set_collapse_key(schema::kCollapseKey);
  NotCollapseKey not_repost(source.get_value(schema::kCollapseKey));
  const Xapian::doccount wanted =
      std::max<Xapian::doccount>(kMinCandidates, static_cast<Xapian::doccount>(request.size) * 4);
  Xapian::MSet mset = enquire.get_mset(0, wanted, nullptr, &not_repost);
  result.total = mset.get_matches_estimated();

  const std::unordered_set<std::string> source_words =
      tie_words(analyzer_, analyzer_.word_texts(d.title));
  std::vector<Candidate> candidates;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Candidate c;
    c.doc = it.get_document();
    Result<Document> p = parse_document(c.doc.get_data());
    if (!p.is_ok()) continue;
    c.parsed = std::move(p).value();
    c.xapian_weight = it.get_weight();
    const std::string title = analyzer_.normalize(c.parsed.title);
    if (c.parsed.type == DocType::kResource) {
      c.intro = vocabulary.is_intro_course(title);
      c.generic = vocabulary.is_generic_course(title);
    }
    // One analysis of the title for its skills and its tie words.
    std::vector<std::string> words = analyzer_.word_texts(c.parsed.title);
    for (const analysis::Skill* s : analyzer_.find_skills(words)) c.title_skills.insert(s->key);
    c.keys = skill_keys(vocabulary, c.doc);
    c.key = title_key(title);
    for (const std::string& w : tie_words(analyzer_, std::move(words)))
      if (source_words.count(w)) c.ties += kTitleWordTie;
    candidates.push_back(std::move(c));
  }

  // Greedy diversified selection: the best marginal coverage first.
  std::unordered_set<std::string> covered, taken_keys;
  std::vector<bool> used(candidates.size(), false);
  std::vector<std::pair<size_t, double>> picks;
  while (picks.size() < static_cast<size_t>(request.size)) {
    double best = 0;
    size_t best_i = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (used[i]) continue;
      if (!candidates[i].key.empty() && taken_keys.count(candidates[i].key)) {
        used[i] = true;  // the same course from another school
        continue;
      }
      double score = coverage(candidates[i], needs, covered);
      if (score <= 0) continue;  // shares no skill that counts
      score += candidates[i].ties + candidates[i].xapian_weight * 1e-4;
      if (score > best) best = score, best_i = i;
    }
    if (best_i == candidates.size()) break;
    used[best_i] = true;
    taken_keys.insert(candidates[best_i].key);
    for (const Need& n : needs)
      if (candidates[best_i].keys.count(n.skill->key)) covered.insert(n.skill->key);
    picks.emplace_back(best_i, best);
  }

  std::vector<std::string> highlight;
  for (const Need& n : needs)
    if (n.role != analysis::SkillRole::kFoundation && highlight.size() < 10)
      for (std::string& w : analyzer_.word_texts(n.skill->name)) highlight.push_back(std::move(w));
  for (const auto& [i, score] : picks) {
    const Candidate& c = candidates[i];
    Recommendation rec;
    rec.hit = searcher_.make_hit(c.doc, score, highlight);
    if (rec.hit.id.empty()) continue;
    rec.skills = split_skills(c.doc.get_value(schema::kSkillsValue));
    rec.reasons = coverage_reasons(analyzer_, d.type, c, needs, result.source_skills, rec.skills);
    if (c.ties > 0) rec.reasons.push_back("标题相近");
    result.hits.push_back(std::move(rec));
  }
  return result;
}

Result<RecommendResult> Recommender::for_profile(const Profile& p) {
  if (Status s = check_size_and_types(p.size, p.types); !s.is_ok()) return s;
  std::optional<int> education;
  if (!p.education.empty()) {
    education = education_rank(p.education);
    if (!education)
      return Status::invalid_argument(
          "education: must be one of 不限, 中专, 高中, 大专, 本科, "
          "硕士, 博士");
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
  std::unordered_set<std::string> text_words;
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
    BuiltQuery text_query = build_long_query(analyzer_, db_, p.text);
    if (!text_query.words.empty()) parts.push_back(text_query.strict);
    for (const std::string& word : text_query.words) {
      text_words.insert(word);
      highlight.push_back(word);
    }
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
      std::optional<int> rank = education_rank((*t).substr(prefix.size()));
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

  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_collapse_key(schema::kCollapseKey);
  enquire.set_time_limit(SearchLimits::kMatchTimeLimitSeconds);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(p.size));
  result.total = mset.get_matches_estimated();

  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Recommendation rec;
    rec.hit = searcher_.make_hit(doc, it.get_weight(), highlight);
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
    for (Xapian::TermIterator m = enquire.get_matching_terms_begin(it);
         m != enquire.get_matching_terms_end(it) && shared.size() < kMaxReasonItems; ++m)
      if (text_words.count(*m) && !interest_words.count(*m)) shared.push_back(*m);
    if (!shared.empty()) rec.reasons.push_back("与简历相关：" + join_items(shared));
    result.hits.push_back(std::move(rec));
  }
  return result;
}

}  // namespace chanjiao::search
