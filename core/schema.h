// IndexSchema: how a document is laid out in the Xapian index — term
// prefixes, value slots and metadata keys. The indexer writes this layout and
// the server reads it; DESIGN.md explains each choice.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace chanjiao::schema {

// Bump when the layout below changes; stored as metadata like the analyzer
// version, and checked when an index is opened.
inline constexpr int kSchemaVersion = 1;

// --- Probabilistic terms -------------------------------------------------
// Unprefixed: words of every text field, with positions (phrases), plus the
// dictionary sub-words of long words at their parent's position.
inline constexpr std::string_view kTitle = "S";      // title words, positional
inline constexpr std::string_view kOrgWord = "XO";   // words of org/school/enterprise
inline constexpr std::string_view kSkill = "XS";     // one term per normalised skill
inline constexpr std::string_view kTag = "K";        // one term per normalised tag
inline constexpr std::string_view kNgram = "XN";     // recall layer: Han bigrams/unigrams
inline constexpr std::string_view kPinyin = "XP";    // full pinyin of title/keyword/org words
inline constexpr std::string_view kInitials = "XQ";  // pinyin initials of the same words

// --- Completion terms (autocomplete) -------------------------------------
// `prefix + key + kCompletionSeparator + display text` for titles, skills,
// orgs and majors; a prefix scan of allterms finds completions and the
// term frequency ranks them. Keys: normalised text, full pinyin, initials.
inline constexpr std::string_view kCompleteText = "XA";
inline constexpr std::string_view kCompletePinyin = "XB";
inline constexpr std::string_view kCompleteInitials = "XC";
inline constexpr char kCompletionSeparator = '\x1f';

// --- Boolean filter terms (whole normalised values) ----------------------
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kType = "XT";
inline constexpr std::string_view kRegion = "XR";
inline constexpr std::string_view kIndustry = "XI";
inline constexpr std::string_view kEducation = "XE";
inline constexpr std::string_view kMajor = "XM";
inline constexpr std::string_view kOrg = "XF";
inline constexpr std::string_view kLevel = "XL";
inline constexpr std::string_view kFormat = "XD";
// Visibility (search/visibility.h): a restricted document carries
// kRestrictedTerm, and every document with an owner carries kOwnerOrg + org.
// Older indexes have neither term: every document in them is public.
inline constexpr std::string_view kOwnerOrg = "XW";
inline constexpr const char* kRestrictedTerm = "XVrestricted";

// --- Queries ---------------------------------------------------------------
// A query matching every document. Never Xapian::Query::MatchAll: that is one
// static object whose reference count (not atomic) every copy updates, so
// two threads copying it at once corrupt it and it is freed while in use —
// the server crashed so under concurrent browse queries (Xapian's query.h
// warns; search/concurrency_test.cc).
inline Xapian::Query match_all() {
  return Xapian::Query(std::string());
}

// --- Value slots ----------------------------------------------------------
enum Slot : Xapian::valueno {
  kPublishedDay = 0,  // days since 1970-01-01, sortable_serialise
  kSalaryMin = 1,     // yuan/month, sortable_serialise
  kSalaryMax = 2,
  kTypeValue = 3,  // facet values: the display strings
  kRegionValue = 4,
  kIndustryValue = 5,
  kEducationValue = 6,
  kMajorValue = 7,
  kOrgValue = 8,
  kCollapseKey = 9,  // reposts share it: 8-byte hash of type + org + title (normalised)
  kLevelValue = 10,
  kFormatValue = 11,
  kYear = 12,  // case year, sortable_serialise
  // The document's skills (explicit + found in title/body by the skill
  // vocabulary), canonical display names joined by kSkillSeparator, in the
  // order of their `XS` keys. Written by indexer/term_builder.cc.
  kSkillsValue = 13,
};
inline constexpr char kSkillSeparator = '\x1f';

// Everything a facet count needs in one value, so a match spy reads one value
// per candidate instead of nine (that read dominates search time): the 8-byte
// collapse key, then type, region, industry, education, major, salary_min and
// salary_max (decimal yuan) and the skills (kSkillSeparator-joined), each
// field ended by kPackSeparator. Written and read only through
// encode_facet_pack / decode_facet_pack (core/index_fields.h).
inline constexpr Xapian::valueno kFacetPack = 14;
inline constexpr char kPackSeparator = '\x1e';
enum PackField {
  kPackType,
  kPackRegion,
  kPackIndustry,
  kPackEducation,
  kPackMajor,
  kPackSalaryMin,
  kPackSalaryMax,
  kPackSkills,
  kPackFieldCount
};

// --- Metadata keys ----------------------------------------------------------
inline constexpr const char* kMetaAnalyzerVersion = "chanjiao.analyzer_version";
inline constexpr const char* kMetaAnalyzerFingerprint = "chanjiao.analyzer_fingerprint";
inline constexpr const char* kMetaSchemaVersion = "chanjiao.schema_version";
inline constexpr const char* kMetaBuiltAt = "chanjiao.built_at";
inline constexpr const char* kMetaSources = "chanjiao.sources";
// The last document-store change (store/document_store.h `seq`) this index
// reflects; live updates and `chanjiao-index update` apply what follows.
inline constexpr const char* kMetaStoreSeq = "chanjiao.store_seq";
// Corpus manifest: one key per corpus record, kMetaCorpusPrefix + id →
// content hash, so `chanjiao-index update` finds added, changed and removed
// records. Written in the same commit as the documents.
inline constexpr const char* kMetaCorpusPrefix = "chanjiao.corpus:";

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t += value;
  return t;
}

// Xapian's hard limit is 245 bytes per term; longer terms are dropped, not truncated.
inline constexpr size_t kMaxTermBytes = 240;

}  // namespace chanjiao::schema
