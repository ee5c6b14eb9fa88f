// SkillExtractor: finds the skills of corpus/dict/skills.txt (technical
// skills, tools, certificates, trades) in analysed text and maps every
// spelling of a skill to one canonical skill.
//
// A skill form is reduced to its key: the analyzer's normalised words of
// the form joined without separators (`Spring Boot`, `springboot` and
// `SPRING-BOOT` all give `springboot`). Text is matched by joining 1 to
// kMaxWords adjacent words and looking the join up, longest first, so
// multi-word skills match adjacent tokens and 数控+编程 matches 数控编程;
// a Han word also matches through its dictionary sub-words (焊接机器人 →
// 焊接) when no longer skill covers it.
//
// Immutable after load; safe to share between threads.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace chanjiao::analysis {

struct Skill {
  std::string name;  // canonical form as written first in skills.txt (display)
  std::string key;   // normalised canonical form: the `XS` term value
};

// How a posting asks for a skill: core (named as required, or named in the
// title), plus (优先, 加分, 者优先, or one of alternatives: 至少熟悉一种…) or
// foundation (skill_relations.txt [foundations]).
enum class SkillRole { kCore, kPlus, kFoundation };
// The level a requirement clause states (了解 < 熟悉/掌握 < 精通).
enum class SkillLevel { kUnstated, kBasic, kWorking, kExpert };

struct RequiredSkill {
  const Skill* skill = nullptr;
  SkillRole role = SkillRole::kCore;
  SkillLevel level = SkillLevel::kUnstated;
  // The title names it (Python开发工程师), directly or through a [titles]
  // rule (测试工程师 → 软件测试): the posting's main skill.
  bool in_title = false;
};

// The parts of a job posting that requirements() reads.
struct PostingText {
  std::string_view title;
  std::string_view body;
  const std::vector<std::string>* skills = nullptr;  // the posting's own skill list
  std::string_view org;                              // its company: never evidence
};

// Knowledge about skills beside the vocabulary (skill_relations.txt, see
// corpus/dict/README.md): which skills are the foundations of others, which
// course titles are generic, which clauses of a posting are boilerplate.
struct SkillRelations {
  struct Foundation {
    std::vector<const Skill*> foundations;
    std::vector<const Skill*> trigger_skills;  // a required skill among these…
    std::vector<std::string> trigger_words;    // …or the normalised title containing one
  };
  std::vector<Foundation> foundations;
  // A title containing one of `words` names `skills` (测试工程师 → 软件测试).
  struct TitleRule {
    std::vector<const Skill*> skills;
    std::vector<std::string> words;  // normalised
  };
  std::vector<TitleRule> titles;
  // skill ← the frameworks and tools that require it (Flask → Python).
  std::vector<std::pair<const Skill*, std::vector<const Skill*>>> implies;
  std::vector<std::string> generic_course_words;  // normalised
  std::vector<std::string> boilerplate_words;     // normalised
  std::vector<std::string> intro_course_words;    // normalised
};

class SkillExtractor {
 public:
  // Words of a text as the analyzer produces them (normalised, no punctuation).
  using WordsFn = std::function<std::vector<std::string>(std::string_view)>;
  // Normalised form of a whole value (the analyzer's filter normalisation).
  using NormalizeFn = std::function<std::string(std::string_view)>;

  static constexpr size_t kMaxWords = 6;

  // Loads `canonical | variant | ...` lines; a later line that reuses a
  // variant of an earlier one is an error naming the line.
  Status add_file(const std::string& path, const WordsFn& words, const NormalizeFn& normalize);

  // The skill a whole value denotes (an explicit `skills` entry), or null.
  const Skill* lookup(const std::vector<std::string>& words) const;
  // The skill whose canonical form is `name` exactly (Skill::name, as stored
  // in kSkillsValue), or null.
  const Skill* named(std::string_view name) const;

  // The skills mentioned in a word sequence, each once, in order of first
  // occurrence. `subwords` gives the dictionary sub-words of a Han word.
  std::vector<const Skill*> find(
      const std::vector<std::string>& words,
      const std::function<std::vector<std::string>(std::string_view)>& subwords = {}) const;

  size_t size() const { return skills_.size(); }

  // Loads skill_relations.txt (sections [implies], [foundations], [titles],
  // [generic], [boilerplate], [intro]); skill names must be in the vocabulary. Called by
  // add_file() for a skill_relations.txt beside the vocabulary file.
  Status add_relations_file(const std::string& path, const WordsFn& words,
                            const NormalizeFn& normalize);
  const SkillRelations& relations() const { return relations_; }

  // The skills a posting requires: split into clauses, boilerplate clauses
  // and the company name dropped, each skill core or plus with the level its
  // clause states, then the foundations of what it requires (kFoundation).
  // `find` finds skills in a text (Analyzer::find_skills), `normalize` is the
  // analyzer's normalisation (for the boilerplate and trigger words).
  using FindFn = std::function<std::vector<const Skill*>(std::string_view)>;
  std::vector<RequiredSkill> requirements(const PostingText& posting, const FindFn& find,
                                          const NormalizeFn& normalize) const;

  // A course title is generic (大学英语, 思政, 创业…) or an introduction
  // (导论, 入门, 基础…); `title` is normalised.
  bool is_generic_course(std::string_view title) const;
  bool is_intro_course(std::string_view title) const;

 private:
  const Skill* at_key(const std::string& joined) const;

  std::vector<Skill> skills_;
  std::unordered_map<std::string, size_t> by_key_;   // joined words → skills_ index
  std::unordered_map<std::string, size_t> by_name_;  // Skill::name → skills_ index
  SkillRelations relations_;
};

// Clauses of a posting: the text split at sentence punctuation, semicolons,
// line breaks, enumeration marks (1. 2、 3)) and, unless `at_commas` is
// false (sentences), commas; trimmed, empty ones dropped.
std::vector<std::string_view> split_clauses(std::string_view text, bool at_commas = true);
// The level a clause states, from its words (了解 / 熟悉, 掌握, 熟练 / 精通).
SkillLevel clause_level(std::string_view clause);
// True when a clause marks its skills as a plus (优先, 加分, 者优先, 更佳…)
// or as alternatives of which one is needed (至少熟悉一种, 其中一种, 任一…).
bool is_plus_clause(std::string_view clause);
// True when a clause only continues the one before it with examples
// (如Java、PHP / 例如… / 比如…): it takes that clause's role.
bool is_example_clause(std::string_view clause);

}  // namespace chanjiao::analysis
