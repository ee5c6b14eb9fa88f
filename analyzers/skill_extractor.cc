#include "analyzers/skill_extractor.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <unordered_set>

namespace chanjiao::analysis {
namespace {

std::string join(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) out += words[i];
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_forms(std::string_view body) {
  std::vector<std::string> forms;
  size_t start = 0;
  while (true) {
    size_t bar = body.find(" | ", start);
    std::string form = trim(body.substr(start, bar == std::string::npos ? bar : bar - start));
    if (!form.empty()) forms.push_back(form);
    if (bar == std::string::npos) break;
    start = bar + 3;
  }
  return forms;
}

bool contains_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return !w.empty() && text.find(w) != std::string_view::npos;
  });
}

template <size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

// Clause separators: sentence ends, semicolons, commas, line breaks.
constexpr std::array<std::string_view, 12> kSeparators = {"。", "；", ";", "，", ",",  "！",
                                                          "!",  "？", "?", "\n", "\r", "●"};
// Enumeration marks (一二… ①②… 1. 2、 (3)) start a new clause too.
bool enumeration_at(std::string_view text, size_t i, size_t* length) {
  if (text[i] >= '0' && text[i] <= '9') {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    for (std::string_view mark : {".", "、", "）", ")", "．"})
      if (text.substr(j, mark.size()) == mark &&
          !(mark == "." && j + 1 < text.size() && text[j + 1] >= '0' && text[j + 1] <= '9')) {
        *length = j - i + mark.size();
        return true;
      }
  }
  return false;
}

}  // namespace

std::vector<std::string_view> split_clauses(std::string_view text, bool at_commas) {
  std::vector<std::string_view> out;
  size_t begin = 0;
  auto flush = [&](size_t end) {
    std::string_view c = text.substr(begin, end - begin);
    size_t b = c.find_first_not_of(" \t");
    if (b != std::string_view::npos) out.push_back(c.substr(b));
  };
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    for (std::string_view sep : kSeparators)
      if (text.substr(i, sep.size()) == sep && (at_commas || (sep != "，" && sep != ","))) {
        length = sep.size();
        break;
      }
    if (length == 0 && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9')) &&
        enumeration_at(text, i, &length)) {
      flush(i);
      begin = i + length;
      i += length;
      continue;
    }
    if (length > 0) {
      flush(i);
      begin = i + length;
      i += length;
    } else {
      ++i;
    }
  }
  flush(text.size());
  return out;
}

SkillLevel clause_level(std::string_view clause) {
  constexpr std::array<std::string_view, 2> expert = {"精通", "深入理解"};
  constexpr std::array<std::string_view, 5> working = {"熟悉", "掌握", "熟练", "擅长", "具备"};
  constexpr std::array<std::string_view, 3> basic = {"了解", "懂", "接触过"};
  if (contains_any(clause, expert)) return SkillLevel::kExpert;
  if (contains_any(clause, working)) return SkillLevel::kWorking;
  if (contains_any(clause, basic)) return SkillLevel::kBasic;
  return SkillLevel::kUnstated;
}

bool is_plus_clause(std::string_view clause) {
  constexpr std::array<std::string_view, 5> plus = {"优先", "加分", "更佳", "为佳", "者佳"};
  // One of a list is needed, not each: every one of them is a plus.
  constexpr std::array<std::string_view, 12> one_of = {
      "至少熟悉一", "至少掌握一", "至少一种", "至少一门", "其中一种",   "其中一门",
      "其它一种",   "其他一种",   "任一",     "任意一种", "一种或多种", "一种以上"};
  return contains_any(clause, plus) || contains_any(clause, one_of);
}

bool is_example_clause(std::string_view clause) {
  constexpr std::array<std::string_view, 3> starts = {"例如", "比如", "譬如"};
  if (std::any_of(starts.begin(), starts.end(),
                  [&](std::string_view s) { return clause.substr(0, s.size()) == s; }))
    return true;
  // 如Java、PHP, but not 如果 / 如有 / 如能 (a condition).
  constexpr std::string_view ru = "如";
  constexpr std::array<std::string_view, 6> conditions = {"如果", "如有", "如能",
                                                          "如何", "如期", "如实"};
  return clause.substr(0, ru.size()) == ru &&
         std::none_of(conditions.begin(), conditions.end(),
                      [&](std::string_view s) { return clause.substr(0, s.size()) == s; });
}

Status SkillExtractor::add_file(const std::string& path, const WordsFn& words,
                                const NormalizeFn& normalize) {
  std::ifstream in(path);
  if (!in) return Status::not_found(path + ": cannot open skill vocabulary");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string body = trim(line);
    if (body.empty() || body[0] == '#') continue;
    std::vector<std::string> forms;
    size_t start = 0;
    while (true) {
      size_t bar = body.find(" | ", start);
      std::string form = trim(body.substr(start, bar == std::string::npos ? bar : bar - start));
      if (!form.empty()) forms.push_back(form);
      if (bar == std::string::npos) break;
      start = bar + 3;
    }
    if (forms.empty()) continue;
    const size_t index = skills_.size();
    skills_.push_back({forms[0], normalize(forms[0])});
    by_name_.emplace(forms[0], index);
    for (const std::string& form : forms) {
      std::vector<std::string> w = words(form);
      if (w.empty()) continue;
      std::string key = join(w, 0, w.size());
      auto [it, inserted] = by_key_.emplace(key, index);
      if (!inserted && it->second != index)
        return Status::invalid_argument(path + ":" + std::to_string(number) + ": `" + form +
                                        "` is already a form of " + skills_[it->second].name);
    }
  }
  const size_t slash = path.find_last_of('/');
  const std::string relations =
      (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) +
      "skill_relations.txt";
  if (std::ifstream(relations)) return add_relations_file(relations, words, normalize);
  return Status::ok();
}

Status SkillExtractor::add_relations_file(const std::string& path, const WordsFn& words,
                                          const NormalizeFn& normalize) {
  std::ifstream in(path);
  if (!in) return Status::not_found(path + ": cannot open skill relations");
  std::string line, section;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string body = trim(line);
    if (body.empty() || body[0] == '#') continue;
    if (body.front() == '[' && body.back() == ']') {
      section = body.substr(1, body.size() - 2);
      continue;
    }
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (section == "implies") {
      const size_t arrow = body.find(" <- ");
      const Skill* target =
          arrow == std::string::npos ? nullptr : lookup(words(body.substr(0, arrow)));
      if (!target) return Status::invalid_argument(where + "expected `skill <- skill | …`");
      std::vector<const Skill*> sources;
      for (const std::string& form : split_forms(body.substr(arrow + 4))) {
        const Skill* s = lookup(words(form));
        if (!s) return Status::invalid_argument(where + "`" + form + "` is not a skill");
        sources.push_back(s);
      }
      relations_.implies.emplace_back(target, std::move(sources));
      continue;
    }
    if (section == "titles") {
      const size_t arrow = body.find(" <- ");
      if (arrow == std::string::npos)
        return Status::invalid_argument(where + "expected `skill | … <- title word | …`");
      SkillRelations::TitleRule rule;
      for (const std::string& form : split_forms(body.substr(0, arrow))) {
        const Skill* s = lookup(words(form));
        if (!s) return Status::invalid_argument(where + "`" + form + "` is not a skill");
        rule.skills.push_back(s);
      }
      for (const std::string& form : split_forms(body.substr(arrow + 4)))
        rule.words.push_back(normalize(form));
      relations_.titles.push_back(std::move(rule));
      continue;
    }
    if (section == "foundations") {
      const size_t arrow = body.find(" <- ");
      if (arrow == std::string::npos)
        return Status::invalid_argument(where + "expected `foundation | … <- trigger | …`");
      SkillRelations::Foundation rule;
      for (const std::string& form : split_forms(body.substr(0, arrow))) {
        const Skill* s = lookup(words(form));
        if (!s) return Status::invalid_argument(where + "`" + form + "` is not a skill");
        rule.foundations.push_back(s);
      }
      for (const std::string& form : split_forms(body.substr(arrow + 4))) {
        if (const Skill* s = lookup(words(form)))
          rule.trigger_skills.push_back(s);
        else
          rule.trigger_words.push_back(normalize(form));
      }
      relations_.foundations.push_back(std::move(rule));
      continue;
    }
    std::vector<std::string>* list = section == "generic"       ? &relations_.generic_course_words
                                     : section == "boilerplate" ? &relations_.boilerplate_words
                                     : section == "intro"       ? &relations_.intro_course_words
                                                                : nullptr;
    if (!list) return Status::invalid_argument(where + "line outside a known [section]");
    for (const std::string& form : split_forms(body)) list->push_back(normalize(form));
  }
  return Status::ok();
}

bool SkillExtractor::is_generic_course(std::string_view title) const {
  return contains_any(title, relations_.generic_course_words);
}

bool SkillExtractor::is_intro_course(std::string_view title) const {
  return contains_any(title, relations_.intro_course_words);
}

std::vector<RequiredSkill> SkillExtractor::requirements(const PostingText& posting,
                                                        const FindFn& find,
                                                        const NormalizeFn& normalize) const {
  std::vector<RequiredSkill> out;
  std::unordered_map<const Skill*, size_t> at;  // skill → index in out
  auto add = [&](const Skill* s, SkillRole role, SkillLevel level, bool in_title = false) {
    auto [it, inserted] = at.emplace(s, out.size());
    if (inserted) {
      out.push_back({s, role, level, in_title});
      return;
    }
    RequiredSkill& r = out[it->second];
    if (role < r.role) r.role = role;  // named as required anywhere: core
    r.level = std::max(r.level, level);
    r.in_title = r.in_title || in_title;
  };
  // The title names the job: its skills are core, and the main ones. A
  // [titles] rule gives the skill an occupation stands for (测试工程师 →
  // 软件测试).
  const std::string title = normalize(posting.title);
  for (const Skill* s : find(posting.title)) add(s, SkillRole::kCore, SkillLevel::kUnstated, true);
  for (const SkillRelations::TitleRule& rule : relations_.titles)
    if (contains_any(title, rule.words))
      for (const Skill* s : rule.skills) add(s, SkillRole::kCore, SkillLevel::kUnstated, true);
  // The company name is no evidence: 奇异果科技 teaches nobody 奇异.
  std::string body(posting.body);
  if (posting.org.size() >= 4)
    for (size_t p; (p = body.find(posting.org)) != std::string::npos;)
      body.replace(p, posting.org.size(), " ");
  // A sentence about the pay or the company (福利：五险一金，免费培训…) is
  // dropped whole; the rest is read clause by clause.
  for (std::string_view sentence : split_clauses(body, false)) {
    if (contains_any(normalize(sentence), relations_.boilerplate_words)) continue;
    SkillRole role = SkillRole::kCore;
    for (std::string_view clause : split_clauses(sentence)) {
      if (is_plus_clause(clause))
        role = SkillRole::kPlus;
      else if (!is_example_clause(clause))
        role = SkillRole::kCore;
      const SkillLevel level = clause_level(clause);
      for (const Skill* s : find(clause)) add(s, role, level);
    }
  }
  if (posting.skills)
    for (const std::string& item : *posting.skills) {
      if (contains_any(normalize(item), relations_.boilerplate_words)) continue;
      const SkillRole role = is_plus_clause(item) ? SkillRole::kPlus : SkillRole::kCore;
      for (const Skill* s : find(item)) add(s, role, clause_level(item));
    }
  // A framework requires its language at the same role (Flask → Python).
  for (const auto& [target, sources] : relations_.implies)
    for (size_t i = 0, n = out.size(); i < n; ++i)
      if (std::find(sources.begin(), sources.end(), out[i].skill) != sources.end())
        add(target, out[i].role, SkillLevel::kUnstated);
  const size_t required = out.size();
  for (const SkillRelations::Foundation& rule : relations_.foundations) {
    bool fires = contains_any(title, rule.trigger_words);
    // Only what the posting requires has foundations, not its pluses.
    for (size_t i = 0; i < required && !fires; ++i)
      fires = out[i].role == SkillRole::kCore &&
              std::find(rule.trigger_skills.begin(), rule.trigger_skills.end(), out[i].skill) !=
                  rule.trigger_skills.end();
    if (!fires) continue;
    for (const Skill* f : rule.foundations)
      if (!at.count(f)) add(f, SkillRole::kFoundation, SkillLevel::kUnstated);
  }
  return out;
}

const Skill* SkillExtractor::at_key(const std::string& joined) const {
  auto it = by_key_.find(joined);
  return it == by_key_.end() ? nullptr : &skills_[it->second];
}

const Skill* SkillExtractor::named(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &skills_[it->second];
}

const Skill* SkillExtractor::lookup(const std::vector<std::string>& words) const {
  if (words.empty()) return nullptr;
  return at_key(join(words, 0, words.size()));
}

std::vector<const Skill*> SkillExtractor::find(
    const std::vector<std::string>& words,
    const std::function<std::vector<std::string>(std::string_view)>& subwords) const {
  std::vector<const Skill*> out;
  std::unordered_set<const Skill*> seen;
  auto add = [&](const Skill* s) {
    if (s && seen.insert(s).second) out.push_back(s);
  };
  for (size_t i = 0; i < words.size();) {
    const Skill* match = nullptr;
    size_t length = 0;
    for (size_t n = std::min(kMaxWords, words.size() - i); n >= 1 && !match; --n) {
      match = at_key(join(words, i, i + n));
      if (match) length = n;
    }
    if (match) {
      add(match);
      i += length;
      continue;
    }
    if (subwords)
      for (const std::string& sub : subwords(words[i])) add(at_key(sub));
    ++i;
  }
  return out;
}

}  // namespace chanjiao::analysis
