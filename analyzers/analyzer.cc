#include "analyzers/analyzer.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "analyzers/unicode.h"

namespace chanjiao::analysis {
namespace {

// FNV-1a over file contents: cheap, stable across runs and machines.
void hash_file(const std::string& path, uint64_t& hash) {
  std::ifstream in(path, std::ios::binary);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      hash ^= static_cast<unsigned char>(buffer[i]);
      hash *= 1099511628211ULL;
    }
  }
}

std::string trim_spaces(const std::string& s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

bool is_han_word(std::string_view word) {
  std::vector<CodePoint> cps = decode_utf8(word);
  for (const CodePoint& cp : cps)
    if (classify(cp.value) != CharClass::kHan) return false;
  return !cps.empty();
}

AnalyzerOptions AnalyzerOptions::in_data_dir(const std::string& data_dir) {
  AnalyzerOptions options;
  options.hmm_model = data_dir + "/jieba_hmm.tsv";
  options.dict_dir = data_dir + "/dict";
  return options;
}

Result<std::shared_ptr<const Analyzer>> Analyzer::load(const AnalyzerOptions& options) {
  std::shared_ptr<Analyzer> a(new Analyzer());
  const std::string dir = options.dict_dir + "/";
  const std::string domain = dir + "domain.dict";
  const std::string synonyms = dir + "synonyms.txt";
  const std::string stopwords = dir + "stopwords.txt";
  const std::string pinyin = dir + "pinyin.txt";
  const std::string protect = dir + "protected.txt";
  const std::string skills = dir + "skills.txt";

  auto normalizer = Normalizer::create(options.opencc_config);
  if (!normalizer.is_ok()) return normalizer.status();
  a->normalizer_ = std::move(normalizer).value();

  for (const Status& s : {a->dictionary_.add_file(options.base_dictionary),
                          a->dictionary_.add_file(domain), a->hmm_.load(options.hmm_model),
                          a->protected_.add_file(protect), a->pinyin_.load(pinyin)}) {
    if (!s.is_ok()) return s;
  }
  auto normalize_entry = [&a](std::string_view w) {
    std::string n = a->normalize(w);
    std::string compact;
    for (char c : n)
      if (c != ' ') compact.push_back(c);
    return compact;
  };
  if (Status s = a->lexicon_.add_synonyms_file(synonyms, normalize_entry); !s.is_ok()) return s;
  if (Status s = a->lexicon_.add_stopwords_file(stopwords, normalize_entry); !s.is_ok()) return s;

  a->segmenter_ = std::make_unique<Segmenter>(a->dictionary_, a->hmm_, a->protected_);
  const Analyzer* self = a.get();
  if (Status s = a->skills_.add_file(
          skills, [self](std::string_view t) { return self->word_texts(t); },
          [self](std::string_view t) { return trim_spaces(self->normalize(t)); });
      !s.is_ok())
    return s;

  uint64_t hash = 1469598103934665603ULL;
  for (const std::string& path : {options.base_dictionary, options.hmm_model, domain, synonyms,
                                  stopwords, pinyin, protect, skills})
    hash_file(path, hash);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  a->fingerprint_ = hex;
  return std::shared_ptr<const Analyzer>(std::move(a));
}

std::vector<Token> Analyzer::words(std::string_view text) const {
  std::string normalized = normalize(text);
  std::vector<Token> tokens = segmenter_->segment(normalized);
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (Token& t : tokens)
    if (t.kind != TokenKind::kPunct) out.push_back(std::move(t));
  return out;
}

std::vector<std::string> Analyzer::word_texts(std::string_view text) const {
  std::vector<std::string> out;
  for (Token& t : words(text)) out.push_back(std::move(t.text));
  return out;
}

std::vector<const Skill*> Analyzer::find_skills(std::string_view text) const {
  return find_skills(word_texts(text));
}

std::vector<const Skill*> Analyzer::find_skills(const std::vector<std::string>& words) const {
  return skills_.find(words, [this](std::string_view word) {
    return is_han_word(word) ? subwords(word) : std::vector<std::string>();
  });
}

std::string Analyzer::skill_key(std::string_view skill) const {
  if (const Skill* s = skills_.lookup(word_texts(skill))) return s->key;
  return trim_spaces(normalize(skill));
}

std::vector<Token> Analyzer::segment_for_display(std::string_view text) const {
  std::vector<CodePoint> raw = decode_utf8(text);
  std::string aligned;
  std::vector<size_t> index_at_byte;  // aligned byte offset → raw code point index
  for (size_t i = 0; i < raw.size(); ++i) {
    size_t before = aligned.size();
    append_utf8(normalizer_->fold_char(raw[i].value), aligned);
    index_at_byte.resize(aligned.size(), i);
    if (aligned.size() == before) aligned.push_back('?');  // keep one byte per character
    index_at_byte.resize(aligned.size(), i);
  }
  std::vector<Token> tokens = segmenter_->segment(aligned);
  for (Token& t : tokens) {
    const CodePoint& first = raw[index_at_byte[t.begin]];
    const CodePoint& last = raw[index_at_byte[t.end - 1]];
    t.begin = first.offset;
    t.end = last.offset + last.length;
  }
  return tokens;
}

std::vector<std::string> Analyzer::ngrams(std::string_view word) {
  std::vector<CodePoint> cps = decode_utf8(word);
  std::vector<std::string> out;
  for (const CodePoint& cp : cps)
    if (classify(cp.value) != CharClass::kHan) return out;
  if (cps.size() == 1) {
    out.emplace_back(word);
    return out;
  }
  for (size_t i = 0; i + 1 < cps.size(); ++i)
    out.emplace_back(word.substr(cps[i].offset, cps[i].length + cps[i + 1].length));
  return out;
}

}  // namespace chanjiao::analysis

namespace chanjiao::analysis {

std::vector<std::string> Analyzer::unigrams(std::string_view word) {
  std::vector<CodePoint> cps = decode_utf8(word);
  std::vector<std::string> out;
  if (cps.size() < 2) return out;
  for (const CodePoint& cp : cps) {
    if (classify(cp.value) != CharClass::kHan) return {};
    out.emplace_back(word.substr(cp.offset, cp.length));
  }
  return out;
}

}  // namespace chanjiao::analysis

namespace chanjiao::analysis {

std::string Analyzer::boundary_bigram(const Token& left, const Token& right) {
  if (left.kind != TokenKind::kWord || right.kind != TokenKind::kWord || left.end != right.begin)
    return {};
  std::vector<CodePoint> l = decode_utf8(left.text), r = decode_utf8(right.text);
  if (l.empty() || r.empty() || classify(l.back().value) != CharClass::kHan ||
      classify(r.front().value) != CharClass::kHan)
    return {};
  return left.text.substr(l.back().offset) + right.text.substr(0, r.front().length);
}

bool Analyzer::is_mixed_compound(const Token& left, const Token& right) {
  if (left.end != right.begin) return false;
  auto latin = [](const Token& t) {
    return t.kind == TokenKind::kLatin || t.kind == TokenKind::kNumber ||
           t.kind == TokenKind::kProtected;
  };
  return (left.kind == TokenKind::kWord && latin(right)) ||
         (latin(left) && right.kind == TokenKind::kWord);
}

}  // namespace chanjiao::analysis
