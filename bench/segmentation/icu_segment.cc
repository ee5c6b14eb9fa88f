// Baseline for the segmentation benchmark: ICU's dictionary-based word
// BreakIterator (what a team without its own segmenter would use). Reads
// lines on stdin, writes words separated by one space, keeping every
// non-space character (the same contract as `chanjiao-analyze --segment`).
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <iostream>
#include <memory>
#include <string>

int main() {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), error));
  if (U_FAILURE(error)) {
    std::cerr << "icu_segment: " << u_errorName(error) << '\n';
    return 1;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(line);
    words->setText(text);
    bool first = true;
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
      std::string word;
      text.tempSubStringBetween(start, end).toUTF8String(word);
      std::string kept;
      for (char c : word)
        if (c != ' ' && c != '\t') kept.push_back(c);
      if (kept.empty()) continue;
      std::cout << (first ? "" : " ") << kept;
      first = false;
    }
    std::cout << '\n';
  }
  return 0;
}
