#include "core/index_fields.h"

#include <cstring>

namespace chanjiao::schema {
namespace {

constexpr bool rows_in_order() {
  for (size_t i = 0; i < kFilterFieldCount; ++i)
    if (kFilterFields[i].id != i) return false;
  return true;
}
static_assert(rows_in_order(), "kFilterFields is indexed by FilterField");

constexpr bool facets_first_in_pack() {
  for (size_t p = 0; p < kFacetFieldCount; ++p) {
    int rows = 0;
    for (const FilterFieldInfo& f : kFilterFields)
      if (f.pack == static_cast<int>(p)) rows += f.facet.empty() ? 2 : 1;
    if (rows != 1) return false;
  }
  return true;
}
static_assert(facets_first_in_pack(), "each pack position before the salary is one facet field");

struct Spelling {
  std::string_view name;
  int rank;
};
// Spellings seen in postings (sample corpus and the imported job boards).
constexpr Spelling kEducationSpellings[] = {
    {"不限", 0}, {"学历不限", 0},  {"无学历要求", 0}, {"中专", 1},       {"中技", 1},
    {"高中", 1}, {"中专/高中", 1}, {"中专及以上", 1}, {"高中及以上", 1}, {"大专", 2},
    {"专科", 2}, {"高职", 2},      {"大专及以上", 2}, {"本科", 3},       {"本科及以上", 3},
    {"学士", 3}, {"硕士", 4},      {"研究生", 4},     {"硕士及以上", 4}, {"博士", 5},
};

}  // namespace

const FilterFieldInfo& facet_field(size_t pack_position) {
  for (const FilterFieldInfo& f : kFilterFields)
    if (f.pack == static_cast<int>(pack_position)) return f;
  return kFilterFields[0];  // unreachable for a valid position (static_assert above)
}

std::string field_value(const Document& doc, FilterField f) {
  switch (f) {
    case kTypeField:
      return std::string(type_name(doc.type));
    case kOrgField:
      return doc.org.empty() ? (doc.school.empty() ? doc.enterprise : doc.school) : doc.org;
    default:
      return doc.*kFilterFields[f].member;
  }
}

std::string encode_facet_pack(std::string_view collapse_key, const Document& doc,
                              std::string_view skill_names) {
  std::string pack(collapse_key);
  for (size_t p = 0; p < kFacetFieldCount; ++p)
    (pack += field_value(doc, facet_field(p).id)) += kPackSeparator;
  if (doc.salary_min) pack += std::to_string(*doc.salary_min);
  pack += kPackSeparator;
  if (doc.salary_max) pack += std::to_string(*doc.salary_max);
  pack += kPackSeparator;
  (pack += skill_names) += kPackSeparator;
  return pack;
}

uint64_t pack_collapse_key(std::string_view pack) {
  uint64_t key = 0;
  if (pack.size() >= sizeof key) std::memcpy(&key, pack.data(), sizeof key);
  return key;
}

std::optional<FacetPack> decode_facet_pack(std::string_view pack) {
  constexpr size_t kKeyBytes = 8;
  if (pack.size() < kKeyBytes) return std::nullopt;
  FacetPack out;
  out.collapse_key = pack.substr(0, kKeyBytes);
  std::string_view rest = pack.substr(kKeyBytes);
  for (std::string_view& field : out.fields) {
    size_t end = rest.find(kPackSeparator);
    if (end == std::string_view::npos) return std::nullopt;
    field = rest.substr(0, end);
    rest.remove_prefix(end + 1);
  }
  return out;
}

std::optional<int> education_rank(std::string_view education) {
  for (const Spelling& s : kEducationSpellings)
    if (education == s.name) return s.rank;
  return std::nullopt;
}

std::string education_level_list() {
  std::string list;
  for (std::string_view level : kEducationLevels) {
    if (!list.empty()) list += ", ";
    list += level;
  }
  return list;
}

}  // namespace chanjiao::schema
