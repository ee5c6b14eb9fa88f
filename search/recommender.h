// Recommender: explainable recommendations across job postings, teaching
// resources and enterprise cases.
//
//  * similar(): "more like this" for one document. Xapian relevance feedback
//    (an RSet of the document, Enquire::get_eset with a decider that keeps
//    real words and skill terms — no n-grams, pinyin, completion or filter
//    terms) gives the document's strongest terms; the query ORs them with
//    one clause per skill of the document (fixed weight by the skill's
//    rarity) and boosts the same industry and major. Never returns the
//    document itself or its reposts (same collapse key); reposts among the
//    results collapse too.
//  * the default ranks by skill coverage (similar_by_skills()): what the
//    source requires or teaches (SkillExtractor::requirements() for a
//    posting: core, plus and foundation skills with levels; the title and
//    intro skills of a course) against the skills each candidate teaches or
//    needs (its `XS` terms, stronger when in its title). Core skills weigh
//    most, then plus and foundations; shared title words only break ties, a
//    candidate sharing no skill is never returned; generic courses count only
//    for skills the posting asks for; courses with the same title from
//    several schools collapse, and each pick after the first counts skills
//    already covered at a third, so the first five teach different things.
//  * for_profile(): ranked documents for a student profile. Skills and major
//    are the main signal, interests add free-text words, region is a boost,
//    education is a hard filter for job postings: a job is open to a profile
//    when its schema::education_rank (core/index_fields.h) is ≤ the profile's;
//    a posting without education (or 不限) is open to everybody.
//
// Every hit carries `reasons`: sentences a person can read, naming only what
// the hit really shares (skills, major, industry, region, terms).
//
// Not thread-safe: like Searcher (whose database and hit building it uses),
// one per worker thread. Construction is cheap.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "core/status.h"
#include "search/searcher.h"

namespace chanjiao::search {

struct RecommendLimits {
  static constexpr int kMaxSize = 50;
  static constexpr size_t kMaxSkills = 50;
  static constexpr size_t kMaxExclude = 200;
  static constexpr size_t kMaxTextBytes = 2000;
};

struct SimilarRequest {
  std::string id;
  std::vector<std::string> types;  // empty: every type
  int size = 10;
  // Plain more-like-this (evaluation baseline): the top expand terms of
  // Xapian's default decider-less get_eset, nothing else; only the document
  // itself is excluded.
  bool baseline = false;
  // The previous ranking (expand terms ORed with skill clauses), kept as a
  // comparison variant for bench/recommend: `mode=keywords`.
  bool keywords = false;
  Viewer viewer;  // restricted documents only for their org and admins (search/visibility.h)
};

struct Profile {
  std::string major;
  std::vector<std::string> skills;
  std::string region;
  std::string education;  // empty: no filter
  std::string interests;  // free text
  // Free CV text (issue 13), up to SearchLimits::kMaxQueryBytes: the skills it
  // names count as profile skills, and its most discriminative words
  // (long_query.h) are searched as for a pasted text.
  std::string text;
  std::vector<std::string> types;
  std::vector<std::string> exclude;  // document ids
  int size = 10;
  Viewer viewer;  // restricted documents only for their org and admins (search/visibility.h)
};

struct Recommendation {
  Hit hit;
  std::vector<std::string> skills;  // the hit's tagged skills (schema::kSkillsValue)
  std::vector<std::string> reasons;
};

struct RecommendResult {
  Xapian::doccount total = 0;  // matching documents (estimate, after collapsing)
  std::vector<Recommendation> hits;
  std::vector<std::string> source_skills;  // similar(): the source document's skills
};

class Recommender {
 public:
  Recommender(const analysis::Analyzer& analyzer, Searcher& searcher);

  // kNotFound for an unknown id, kInvalidArgument for a bad size or type.
  Result<RecommendResult> similar(const SimilarRequest& request);
  // kInvalidArgument naming the field for a bad profile.
  Result<RecommendResult> for_profile(const Profile& profile);

 private:
  const analysis::Analyzer& analyzer_;
  Searcher& searcher_;
  Xapian::Database db_;
};

}  // namespace chanjiao::search
