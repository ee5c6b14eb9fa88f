// chanjiao-analyze: shows what the analysis pipeline makes of text.
//
//   chanjiao-analyze --segment     stdin lines → words separated by one space,
//                                  every non-space input character kept in
//                                  order (for scoring against a gold standard)
//   chanjiao-analyze --normalize   stdin lines → normalised text
//   chanjiao-analyze --words       stdin lines → normalised words
//   chanjiao-analyze --pinyin      stdin lines → words with full pinyin/initials
//   chanjiao-analyze --terms       stdin lines → index terms (as a title) with prefixes
//   chanjiao-analyze --query       stdin lines → the Xapian query a search becomes
//
// Options: --data-dir DIR (DIR/dict, DIR/jieba_hmm.tsv; default: the binary's
// data directory, core/data_dir.h), --dict-dir DIR (the dictionaries only,
// e.g. corpus/dict), --base-dict FILE (jieba dict.txt).
#include <cstring>
#include <iostream>
#include <string>

#include "analyzers/analyzer.h"
#include "core/data_dir.h"
#include "indexer/term_builder.h"
#include "search/query_builder.h"
#include "search/query_parser.h"

namespace {

using chanjiao::analysis::Analyzer;

int usage() {
  std::cerr
      << "usage: chanjiao-analyze (--segment|--normalize|--words|--pinyin|--terms|--query)\n"
         "                        [--data-dir DIR] [--dict-dir DIR] [--base-dict FILE] < text\n";
  return 2;
}

void print_line(const Analyzer& analyzer, const std::string& mode, const std::string& line) {
  if (mode == "--segment") {
    bool first = true;
    for (const auto& token : analyzer.segment(line)) {
      if (!first) std::cout << ' ';
      std::cout << token.text;
      first = false;
    }
  } else if (mode == "--normalize") {
    std::cout << analyzer.normalize(line);
  } else if (mode == "--words") {
    bool first = true;
    for (const auto& token : analyzer.words(line)) {
      std::cout << (first ? "" : " ") << token.text;
      first = false;
    }
  } else if (mode == "--pinyin") {
    bool first = true;
    for (const auto& token : analyzer.words(line)) {
      std::cout << (first ? "" : " ") << token.text;
      std::string full = analyzer.pinyin().full(token.text);
      if (!full.empty())
        std::cout << '(' << full << '/' << analyzer.pinyin().initials(token.text) << ')';
      first = false;
    }
  } else if (mode == "--query") {
    chanjiao::search::QueryBuilder builder(analyzer);
    chanjiao::search::BuiltQuery built = builder.build(chanjiao::search::parse_query(line));
    std::cout << built.strict.get_description();
    if (built.can_relax) std::cout << "\nfallback: " << built.relaxed.get_description();
  } else {
    bool first = true;
    chanjiao::index::TermBuilder builder(analyzer);
    for (const auto& term : builder.field_terms(line, chanjiao::index::Field::kTitle)) {
      std::cout << (first ? "" : " ") << term.term;
      if (term.position != 0) std::cout << '@' << term.position;
      first = false;
    }
  }
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode;
  std::string data_dir = chanjiao::default_data_dir(), dict_dir, base_dictionary;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--data-dir" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (arg == "--dict-dir" && i + 1 < argc) {
      dict_dir = argv[++i];
    } else if (arg == "--base-dict" && i + 1 < argc) {
      base_dictionary = argv[++i];
    } else if (arg == "--segment" || arg == "--normalize" || arg == "--words" ||
               arg == "--pinyin" || arg == "--terms" || arg == "--query") {
      mode = arg;
    } else {
      return usage();
    }
  }
  if (mode.empty()) return usage();
  auto options = chanjiao::analysis::AnalyzerOptions::in_data_dir(data_dir);
  if (!dict_dir.empty()) options.dict_dir = dict_dir;
  if (!base_dictionary.empty()) options.base_dictionary = base_dictionary;
  auto analyzer = Analyzer::load(options);
  if (!analyzer.is_ok()) {
    std::cerr << "chanjiao-analyze: " << analyzer.status().message() << '\n';
    return 1;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    print_line(*analyzer.value(), mode, line);
  }
  return 0;
}
