#include "analyzers/skill_extractor.h"

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

}  // namespace

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
  return Status::ok();
}

const Skill* SkillExtractor::at_key(const std::string& joined) const {
  auto it = by_key_.find(joined);
  return it == by_key_.end() ? nullptr : &skills_[it->second];
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
