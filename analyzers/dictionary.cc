#include "analyzers/dictionary.h"

#include <charconv>
#include <fstream>

#include "analyzers/unicode.h"

namespace chanjiao::analysis {
namespace {

bool all_han(const std::vector<CodePoint>& cps) {
  for (const CodePoint& cp : cps)
    if (classify(cp.value) != CharClass::kHan) return false;
  return !cps.empty();
}

}  // namespace

void Dictionary::add_word(std::string_view word, double frequency, std::string_view tag) {
  std::vector<CodePoint> cps = decode_utf8(word);
  if (!all_han(cps) || frequency <= 0) return;
  auto [it, inserted] = entries_.try_emplace(std::string(word));
  if (it->second.frequency > 0) {
    total_frequency_ -= it->second.frequency;
  } else {
    ++word_count_;
  }
  it->second.frequency = frequency;
  it->second.tag = std::string(tag);
  total_frequency_ += frequency;
  if (cps.size() > max_word_chars_) max_word_chars_ = cps.size();
  // Register every proper prefix so the segmenter can stop scanning early.
  for (size_t i = 1; i < cps.size(); ++i) {
    std::string prefix(word.substr(0, cps[i].offset));
    entries_.try_emplace(std::move(prefix));
  }
}

const Dictionary::Entry* Dictionary::find(std::string_view text) const {
  auto it = entries_.find(text);
  return it == entries_.end() ? nullptr : &it->second;
}

Status Dictionary::add_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open dictionary " + path);
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t word_end = line.find(' ');
    std::string_view word = std::string_view(line).substr(0, word_end);
    double frequency = 1;
    std::string_view tag;
    if (word_end != std::string::npos) {
      std::string_view rest = std::string_view(line).substr(word_end + 1);
      size_t freq_end = rest.find(' ');
      std::string_view freq_text = rest.substr(0, freq_end);
      auto [ptr, ec] =
          std::from_chars(freq_text.data(), freq_text.data() + freq_text.size(), frequency);
      if (ec != std::errc() || ptr != freq_text.data() + freq_text.size()) {
        return Status::invalid_argument(path + ":" + std::to_string(line_number) +
                                        ": frequency is not a number: '" + std::string(freq_text) +
                                        "'");
      }
      if (freq_end != std::string_view::npos) tag = rest.substr(freq_end + 1);
    }
    if (!is_valid_utf8(word)) {
      return Status::invalid_argument(path + ":" + std::to_string(line_number) +
                                      ": word is not valid UTF-8");
    }
    add_word(word, frequency, tag);
  }
  return Status::ok();
}

}  // namespace chanjiao::analysis
