#include "search/skill_coverage.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <unordered_set>

#include "analyzers/index_vocabulary.h"
#include "core/document.h"
#include "core/schema.h"
#include "search/recommend_query.h"
#include "search/visibility.h"

namespace chanjiao::search {
namespace {

// Skill coverage weights: by the role of the source's skill, times where the
// candidate has it.
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

// What the source asks for (a posting) or teaches (a course, a case). An
// explicit skill naming nothing the vocabulary knows (雷达调试) is still a core
// skill of the source, under the key the indexer gave it; `unknown` holds
// those skills for as long as the needs point at them.
std::vector<Need> source_needs(const analysis::Analyzer& analyzer, const Document& d,
                               std::deque<analysis::Skill>& unknown) {
  const analysis::SkillExtractor& vocabulary = analyzer.skills();
  auto find = [&analyzer](std::string_view text) { return analyzer.find_skills(text); };
  auto normalize = [&analyzer](std::string_view text) { return analyzer.normalize(text); };
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
  const analysis::IndexVocabulary index_vocabulary(analyzer);
  std::unordered_set<std::string> unknown_keys;
  for (const std::string& s : d.skills) {
    const std::vector<std::string> words = analyzer.word_texts(s);
    if (vocabulary.lookup(words) || !analyzer.find_skills(words).empty()) continue;
    std::string key = index_vocabulary.filter_value(s);
    if (key.empty() || !unknown_keys.insert(key).second) continue;
    unknown.push_back({s, std::move(key)});
    needs.push_back({&unknown.back(), analysis::SkillRole::kCore, analysis::SkillLevel::kUnstated});
  }
  return needs;
}

// The documents having any needed skill, weighted by role, the source and its
// reposts excluded, as many as the greedy selection needs to choose from.
Xapian::MSet candidate_set(const Xapian::Database& db, const SimilarRequest& request,
                           const Xapian::Document& source, const std::vector<Need>& needs) {
  std::vector<Xapian::Query> parts;
  for (const Need& n : needs)
    parts.push_back(fixed_weight(schema::term(schema::kSkill, n.skill->key), role_weight(n.role)));
  Xapian::Query query = any_of(std::move(parts));
  if (query.empty()) return Xapian::MSet();  // no skill: nothing is evidence
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                        Xapian::Query(schema::term(schema::kId, request.id)));
  if (Xapian::Query types = type_filter(request.types); !types.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, types);
  query = visible_only(db, query, request.viewer);

  Xapian::Enquire enquire =
      collapsed_enquire(db, not_reposts_of(query, source.get_value(schema::kCollapseKey)));
  const Xapian::doccount wanted =
      std::max<Xapian::doccount>(kMinCandidates, static_cast<Xapian::doccount>(request.size) * 4);
  return enquire.get_mset(0, wanted);
}

std::vector<Candidate> read_candidates(const analysis::Analyzer& analyzer, const Xapian::MSet& mset,
                                       const std::string& source_title) {
  const analysis::SkillExtractor& vocabulary = analyzer.skills();
  const std::unordered_set<std::string> source_words =
      tie_words(analyzer, analyzer.word_texts(source_title));
  std::vector<Candidate> candidates;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Candidate c;
    c.doc = it.get_document();
    Result<Document> p = parse_document(c.doc.get_data());
    if (!p.is_ok()) continue;
    c.parsed = std::move(p).value();
    c.xapian_weight = it.get_weight();
    const std::string title = analyzer.normalize(c.parsed.title);
    if (c.parsed.type == DocType::kResource) {
      c.intro = vocabulary.is_intro_course(title);
      c.generic = vocabulary.is_generic_course(title);
    }
    // One analysis of the title for its skills and its tie words.
    std::vector<std::string> words = analyzer.word_texts(c.parsed.title);
    for (const analysis::Skill* s : analyzer.find_skills(words)) c.title_skills.insert(s->key);
    c.keys = skill_keys(vocabulary, c.doc);
    c.key = title_key(title);
    for (const std::string& w : tie_words(analyzer, std::move(words)))
      if (source_words.count(w)) c.ties += kTitleWordTie;
    candidates.push_back(std::move(c));
  }
  return candidates;
}

// Greedy diversified selection: the best marginal coverage first, one course
// per title key. Returns (candidate index, score) in the order picked.
std::vector<std::pair<size_t, double>> pick_diversified(const std::vector<Candidate>& candidates,
                                                        const std::vector<Need>& needs,
                                                        size_t size) {
  std::unordered_set<std::string> covered, taken_keys;
  std::vector<bool> used(candidates.size(), false);
  std::vector<std::pair<size_t, double>> picks;
  while (picks.size() < size) {
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
  return picks;
}

}  // namespace

Result<RecommendResult> similar_by_skill_coverage(const analysis::Analyzer& analyzer,
                                                  Searcher& searcher, const SimilarRequest& request,
                                                  const Xapian::Document& source) {
  Result<Document> parsed = parse_document(source.get_data());
  if (!parsed.is_ok()) return parsed.status();
  const Document& d = parsed.value();
  std::deque<analysis::Skill> unknown;
  const std::vector<Need> needs = source_needs(analyzer, d, unknown);
  RecommendResult result;
  result.source_skills = split_skills(source.get_value(schema::kSkillsValue));
  Xapian::MSet mset = candidate_set(searcher.database(), request, source, needs);
  result.total = mset.get_matches_estimated();
  const std::vector<Candidate> candidates = read_candidates(analyzer, mset, d.title);

  std::vector<std::string> highlight;
  for (const Need& n : needs)
    if (n.role != analysis::SkillRole::kFoundation && highlight.size() < 10)
      for (std::string& w : analyzer.word_texts(n.skill->name)) highlight.push_back(std::move(w));
  for (const auto& [i, score] : pick_diversified(candidates, needs, request.size)) {
    const Candidate& c = candidates[i];
    Recommendation rec;
    rec.hit = make_hit(analyzer, c.doc, score, highlight);
    if (rec.hit.id.empty()) continue;
    rec.skills = split_skills(c.doc.get_value(schema::kSkillsValue));
    rec.reasons = coverage_reasons(analyzer, d.type, c, needs, result.source_skills, rec.skills);
    if (c.ties > 0) rec.reasons.push_back("标题相近");
    result.hits.push_back(std::move(rec));
  }
  return result;
}

}  // namespace chanjiao::search
