#include "search/completion.h"

#include <algorithm>
#include <unordered_set>

#include "core/schema.h"

namespace chanjiao::search {
namespace {

// Completion terms scanned per key kind: enough for any prefix a user
// types, bounded for a one-letter one.
constexpr size_t kMaxScannedTerms = 200;

struct Candidate {
  std::string display;
  Xapian::doccount freq;
  const char* kind;
};

// The completion terms `term_prefix` + `typed`…, with the frequency the
// viewer may see.
void scan(const Xapian::Database& db, const HiddenDocuments& hidden, std::string_view term_prefix,
          const std::string& typed, const char* kind, std::vector<Candidate>& out) {
  const std::string start = schema::term(term_prefix, typed);
  size_t scanned = 0;
  for (Xapian::TermIterator t = db.allterms_begin(start);
       t != db.allterms_end(start) && scanned < kMaxScannedTerms; ++t, ++scanned) {
    const std::string term = *t;
    const size_t sep = term.find(schema::kCompletionSeparator);
    if (sep == std::string::npos) continue;
    Xapian::doccount freq = t.get_termfreq();
    if (!hidden.empty()) freq -= hidden.count_with(db, term);
    if (freq != 0) out.push_back({term.substr(sep + 1), freq, kind});
  }
}

}  // namespace

std::vector<Completion> complete(const Xapian::Database& db,
                                 const analysis::IndexVocabulary& vocabulary,
                                 std::string_view prefix, size_t limit, const Viewer& viewer) {
  const HiddenDocuments hidden(db, viewer);
  const std::string key = vocabulary.filter_value(prefix);
  std::vector<Completion> out;
  if (key.empty()) return out;
  std::vector<Candidate> candidates;
  scan(db, hidden, schema::kCompleteText, key, "text", candidates);
  std::string compact;
  for (char c : key)
    if (c != ' ') compact.push_back(c);
  const bool letters = !compact.empty() && std::all_of(compact.begin(), compact.end(),
                                                       [](char c) { return c >= 'a' && c <= 'z'; });
  if (letters) {
    scan(db, hidden, schema::kCompletePinyin, compact, "pinyin", candidates);
    scan(db, hidden, schema::kCompleteInitials, compact, "initials", candidates);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.freq > b.freq; });
  std::unordered_set<std::string> seen;
  for (const Candidate& c : candidates) {
    if (out.size() >= limit) break;
    if (seen.insert(c.display).second) out.push_back({c.display, c.kind});
  }
  return out;
}

}  // namespace chanjiao::search
