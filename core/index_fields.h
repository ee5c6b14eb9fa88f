// IndexFields: the document fields the index filters and counts by, each in
// one row — its name in documents and requests, the boolean term prefix, the
// value slot of its display string, its place in the facet pack and the facet
// a search reports — plus the facet-pack codec and the education levels.
//
// The one place these are spelled: the indexer writes terms, values and the
// pack from the table (indexer/term_builder.cc), search builds filters and
// facets from it (search/searcher.cc, search/facet_table.cc), the server
// parses the search parameters from it (server/search_routes.cc) and the
// recommender ranks education by it. corpus/schema/*.json and the importer's
// checks (corpus/importers/fields.py) are tested against it
// (core/index_fields_test.cc, corpus/importers/test_importers.py).
//
// How a value is normalised into a term (filter_value) needs the analyzer and
// lives above, in analyzers/index_vocabulary.h.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/schema.h"

namespace chanjiao::schema {

// Row numbers of kFilterFields; also the index of a field's values in
// search::SearchRequest::filters.
enum FilterField : uint8_t {
  kTypeField,
  kRegionField,
  kIndustryField,
  kEducationField,
  kMajorField,
  kOrgField,
  kLevelField,
  kFormatField,
  kFilterFieldCount
};

struct FilterFieldInfo {
  FilterField id;
  // The member of a document (core/document.h, the corpus JSON); empty for
  // the fields derived from others (type, org).
  std::string Document::*member;
  // The search parameter (GET ?region=…, POST {"region": …}); several values
  // match any of them. Empty: the search does not filter on it.
  std::string_view param;
  // Boolean term: prefix + filter_value(value) (analyzers/index_vocabulary.h);
  // the type's term is prefix + type_name().
  std::string_view prefix;
  // The display string as written in the document (facets, reasons).
  Xapian::valueno slot;
  // Position in kFacetPack (PackField), or kNotPacked.
  int pack;
  // The facet a search reports for it; empty: none.
  std::string_view facet;
};
inline constexpr int kNotPacked = -1;

inline constexpr FilterFieldInfo kFilterFields[kFilterFieldCount] = {
    {kTypeField, nullptr, "type", kType, kTypeValue, kPackType, "type"},
    {kRegionField, &Document::region, "region", kRegion, kRegionValue, kPackRegion, "region"},
    {kIndustryField, &Document::industry, "industry", kIndustry, kIndustryValue, kPackIndustry,
     "industry"},
    {kEducationField, &Document::education, "education", kEducation, kEducationValue,
     kPackEducation, "education"},
    {kMajorField, &Document::major, "major", kMajor, kMajorValue, kPackMajor, "major"},
    {kOrgField, nullptr, "org", kOrg, kOrgValue, kNotPacked, ""},
    {kLevelField, &Document::level, "", kLevel, kLevelValue, kNotPacked, ""},
    {kFormatField, &Document::format, "", kFormat, kFormatValue, kNotPacked, ""},
};

inline constexpr const FilterFieldInfo& filter_field(FilterField f) {
  return kFilterFields[f];
}

// The string facets: the packed fields, which come first in the pack.
inline constexpr size_t kFacetFieldCount = kPackSalaryMin;

// The row of string facet `pack_position` (0 ≤ it < kFacetFieldCount).
const FilterFieldInfo& facet_field(size_t pack_position);

// A field's value in `doc`, as displayed: the type's name; the org, else the
// school, else the enterprise; otherwise the member.
std::string field_value(const Document& doc, FilterField f);

// --- The facet pack (kFacetPack) -------------------------------------------
// The 8-byte collapse key, then the kPackFieldCount fields (the string facets
// in pack order, salary_min and salary_max in decimal yuan, the skill names
// joined by kSkillSeparator), each ended by kPackSeparator.
std::string encode_facet_pack(std::string_view collapse_key, const Document& doc,
                              std::string_view skill_names);

struct FacetPack {
  std::string_view collapse_key;  // 8 bytes
  std::string_view fields[kPackFieldCount];
};
// Splits a pack; nullopt when it is not one this build writes (too short, a
// field missing). The views point into `pack`.
std::optional<FacetPack> decode_facet_pack(std::string_view pack);
// The collapse key a pack starts with, as the number FacetTable rows hold
// (0: no key — the pack is too short to be one).
uint64_t pack_collapse_key(std::string_view pack);

// --- Education ---------------------------------------------------------------
// The education levels of documents, lowest first (job.schema.json `education`,
// the importers' normalisation target). 中专 and 高中 rank alike.
inline constexpr std::string_view kEducationLevels[] = {"不限", "中专", "高中", "大专",
                                                        "本科", "硕士", "博士"};
// Levels of teaching resources (resource.schema.json `level`).
inline constexpr std::string_view kResourceLevels[] = {"中职", "高职", "本科"};

// The rank of an education requirement (0 = none, 5 = 博士) in the canonical
// spelling or one seen in postings (大专及以上, 专科, 研究生…); nullopt for
// anything else.
std::optional<int> education_rank(std::string_view education);

// "不限, 中专, 高中, 大专, 本科, 硕士, 博士": for error messages.
std::string education_level_list();

}  // namespace chanjiao::schema
