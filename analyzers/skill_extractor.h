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

  // The skills mentioned in a word sequence, each once, in order of first
  // occurrence. `subwords` gives the dictionary sub-words of a Han word.
  std::vector<const Skill*> find(
      const std::vector<std::string>& words,
      const std::function<std::vector<std::string>(std::string_view)>& subwords = {}) const;

  size_t size() const { return skills_.size(); }

 private:
  const Skill* at_key(const std::string& joined) const;

  std::vector<Skill> skills_;
  std::unordered_map<std::string, size_t> by_key_;  // joined words → skills_ index
};

}  // namespace chanjiao::analysis
