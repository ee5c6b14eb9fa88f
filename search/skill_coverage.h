// The default ranking of GET /api/v1/recommend/similar (issue 18): the
// documents that cover the source's skills best, chosen greedily so that
// each pick adds skills the earlier ones do not cover, weighted by the
// skill's role in the source (core, plus, foundation) and by where the
// candidate has it (its title or only its body). A posting gets the courses
// that teach what it needs, a course the postings that need what it
// teaches. Internal to search/: Recommender::similar calls it.
#pragma once

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "search/recommender.h"
#include "search/searcher.h"

namespace chanjiao::search {

// `request.size` and `request.types` already checked; `source` is the
// visible source document.
Result<RecommendResult> similar_by_skill_coverage(const analysis::Analyzer& analyzer,
                                                  Searcher& searcher, const SimilarRequest& request,
                                                  const Xapian::Document& source);

}  // namespace chanjiao::search
