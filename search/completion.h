// Completions for what a user has typed so far (GET /api/v1/suggest): the
// titles, skills, orgs and majors the index holds as completion terms
// (core/schema.h: kCompleteText / kCompletePinyin / kCompleteInitials),
// matched by their normalised text, or by full pinyin or initials when the
// prefix is Latin letters; the most frequent first, each text once.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "analyzers/index_vocabulary.h"
#include "search/visibility.h"

namespace chanjiao::search {

struct Completion {
  std::string text;
  std::string kind;  // how it matched: text / pinyin / initials
};

// At most `limit` completions of `prefix`; frequencies count only the
// documents `viewer` may see (search/visibility.h).
std::vector<Completion> complete(const Xapian::Database& db,
                                 const analysis::IndexVocabulary& vocabulary,
                                 std::string_view prefix, size_t limit, const Viewer& viewer);

}  // namespace chanjiao::search
