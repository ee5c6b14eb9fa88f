#include "search/highlighter.h"

#include <algorithm>

namespace chanjiao::search {
namespace {

size_t char_count(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Highlighter::Highlighter(const analysis::Analyzer& analyzer, const std::vector<std::string>& words)
    : analyzer_(analyzer) {
  for (const std::string& w : words)
    if (!w.empty() && !analyzer.lexicon().is_stopword(w)) words_.push_back(w);
}

bool Highlighter::matches(const std::string& word) const {
  for (const std::string& w : words_) {
    if (word == w) return true;
    // Whole-word marking of a longer Han word that contains a query word.
    if (w.size() >= 6 && word.size() > w.size() && analysis::is_han_word(word) &&
        word.find(w) != std::string::npos)
      return true;
  }
  return false;
}

std::string Highlighter::render(std::string_view text, const std::vector<analysis::Token>& tokens,
                                size_t first, size_t last) const {
  std::string out;
  size_t cursor = first < tokens.size() ? tokens[first].begin : text.size();
  size_t end = last < tokens.size() ? tokens[last].begin : text.size();
  for (size_t i = first; i < last && i < tokens.size(); ++i) {
    const analysis::Token& t = tokens[i];
    out += html_escape(text.substr(cursor, t.begin - cursor));  // spaces between tokens
    bool hit = t.kind != analysis::TokenKind::kPunct && matches(t.text);
    if (hit) out += "<mark>";
    out += html_escape(text.substr(t.begin, t.end - t.begin));
    if (hit) out += "</mark>";
    cursor = t.end;
  }
  if (cursor < end) out += html_escape(text.substr(cursor, end - cursor));
  return out;
}

std::string Highlighter::highlight(std::string_view text) const {
  std::vector<analysis::Token> tokens = analyzer_.segment_for_display(text);
  return render(text, tokens, 0, tokens.size());
}

std::string Highlighter::snippet(std::string_view text, size_t max_chars) const {
  // Long texts: segment only a stretch around the first occurrence of a query
  // word (found by plain search in an ASCII-lower-cased copy, which keeps byte
  // offsets), so the cost does not grow with the document.
  size_t from = 0, to = text.size();
  if (char_count(text) > 3 * max_chars) {
    std::string lower(text);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    size_t first_hit = std::string::npos;
    for (const std::string& w : words_) first_hit = std::min(first_hit, lower.find(w));
    if (first_hit != std::string::npos) from = first_hit;
    auto step_back = [&](size_t pos, size_t n) {
      while (n > 0 && pos > 0) {
        do --pos;
        while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80);
        --n;
      }
      return pos;
    };
    auto step_forward = [&](size_t pos, size_t n) {
      while (n > 0 && pos < text.size()) {
        do ++pos;
        while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80);
        --n;
      }
      return pos;
    };
    from = step_back(from, max_chars / 4);
    to = step_forward(from, 2 * max_chars);
  }
  bool cut_front = false, cut_back = false;
  std::string html = best_window(text.substr(from, to - from), max_chars, cut_front, cut_back);
  return (from > 0 || cut_front ? "…" : "") + html + (to < text.size() || cut_back ? "…" : "");
}

std::string Highlighter::best_window(std::string_view text, size_t max_chars, bool& cut_front,
                                     bool& cut_back) const {
  std::vector<analysis::Token> tokens = analyzer_.segment_for_display(text);
  if (char_count(text) <= max_chars) return render(text, tokens, 0, tokens.size());
  // Slide a window of tokens of at most max_chars characters; keep the one
  // with the most matched words (earliest on ties).
  std::vector<char> hit(tokens.size());
  std::vector<size_t> chars(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    hit[i] = tokens[i].kind != analysis::TokenKind::kPunct && matches(tokens[i].text);
    chars[i] = char_count(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
  }
  size_t best_first = 0, best_last = 0, best_hits = 0;
  size_t last = 0, window_chars = 0, window_hits = 0;
  for (size_t first = 0; first < tokens.size(); ++first) {
    while (last < tokens.size() && window_chars + chars[last] <= max_chars) {
      window_chars += chars[last];
      window_hits += hit[last];
      ++last;
    }
    if (first == 0 || window_hits > best_hits) {
      best_first = first;
      best_last = last;
      best_hits = window_hits;
    }
    if (last == first) {
      ++last;
      continue;
    }
    window_chars -= chars[first];
    window_hits -= hit[first];
  }
  // Start at the first match...
  while (best_first > 0 && best_hits > 0 && !hit[best_first] && best_first + 1 < best_last)
    ++best_first;
  // ...then step back a few short words of context.
  for (size_t back = 0, back_chars = 0;
       back < 3 && best_first > 0 && back_chars + chars[best_first - 1] <= 20; ++back) {
    --best_first;
    back_chars += chars[best_first];
  }
  cut_front = best_first > 0;
  cut_back = best_last < tokens.size();
  return render(text, tokens, best_first, best_last);
}

}  // namespace chanjiao::search
