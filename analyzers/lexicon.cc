#include "analyzers/lexicon.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace chanjiao::analysis {
namespace {

template <typename OnLine>
Status for_each_line(const std::string& path, OnLine on_line) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    on_line(line);
  }
  return Status::ok();
}

}  // namespace

Status Lexicon::add_synonyms_file(const std::string& path,
                                  const std::function<std::string(std::string_view)>& normalize) {
  return for_each_line(path, [&](const std::string& line) {
    std::istringstream words(line);
    std::vector<std::string> group;
    for (std::string w; words >> w;) {
      std::string n = normalize(w);
      if (!n.empty() && std::find(group.begin(), group.end(), n) == group.end())
        group.push_back(std::move(n));
    }
    if (group.size() < 2) return;
    size_t index = groups_.size();
    for (const std::string& w : group) group_of_[w].push_back(index);
    groups_.push_back(std::move(group));
  });
}

Status Lexicon::add_stopwords_file(const std::string& path,
                                   const std::function<std::string(std::string_view)>& normalize) {
  return for_each_line(path, [&](const std::string& line) {
    std::string n = normalize(line);
    if (!n.empty()) stopwords_.insert(std::move(n));
  });
}

std::vector<std::string> Lexicon::synonyms(std::string_view word) const {
  std::vector<std::string> out;
  auto it = group_of_.find(std::string(word));
  if (it == group_of_.end()) return out;
  for (size_t index : it->second) {
    for (const std::string& w : groups_[index]) {
      if (w != word && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    }
  }
  return out;
}

bool Lexicon::is_stopword(std::string_view word) const {
  return stopwords_.count(std::string(word)) > 0;
}

}  // namespace chanjiao::analysis
