#include "core/index_fields.h"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tests/test_support.h"

namespace chanjiao::schema {
namespace {

TEST_CASE("each field has its own prefix, slot and parameter; the facets are the packed fields") {
  std::set<std::string_view> prefixes, params, facets;
  std::set<Xapian::valueno> slots;
  size_t packed = 0;
  for (const FilterFieldInfo& f : kFilterFields) {
    CHECK(prefixes.insert(f.prefix).second);
    CHECK(slots.insert(f.slot).second);
    if (!f.param.empty()) CHECK(params.insert(f.param).second);
    if (!f.facet.empty()) CHECK(facets.insert(f.facet).second);
    CHECK((f.pack == kNotPacked) == f.facet.empty());
    if (f.pack != kNotPacked) ++packed;
    CHECK(slots.count(kCollapseKey) == 0);
    CHECK(slots.count(kFacetPack) == 0);
  }
  CHECK(packed == kFacetFieldCount);
  for (size_t p = 0; p < kFacetFieldCount; ++p) CHECK(facet_field(p).pack == static_cast<int>(p));
  CHECK(facet_field(kPackEducation).facet == "education");
}

TEST_CASE("a field's value: the type's name, the org or else the school or enterprise") {
  Document doc;
  doc.type = DocType::kResource;
  doc.region = "长沙";
  doc.school = "申城职业技术学院";
  doc.enterprise = "某企业";
  CHECK(field_value(doc, kTypeField) == "resource");
  CHECK(field_value(doc, kRegionField) == "长沙");
  CHECK(field_value(doc, kOrgField) == "申城职业技术学院");
  doc.school.clear();
  CHECK(field_value(doc, kOrgField) == "某企业");
  doc.org = "长沙市人社局";
  CHECK(field_value(doc, kOrgField) == "长沙市人社局");
  CHECK(field_value(doc, kEducationField).empty());
}

TEST_CASE("the facet pack decodes to what was encoded") {
  Document doc;
  doc.type = DocType::kJob;
  doc.region = "北京";
  doc.education = "本科";
  doc.salary_min = 8000;
  doc.salary_max = 12000;
  const std::string key("\x01\x02\x03\x04\x05\x06\x07\x08", 8);
  const std::string pack = encode_facet_pack(key, doc, "Java\x1fSQL");
  auto decoded = decode_facet_pack(pack);
  REQUIRE(decoded.has_value());
  CHECK(decoded->collapse_key == key);
  CHECK(decoded->fields[kPackType] == "job");
  CHECK(decoded->fields[kPackRegion] == "北京");
  CHECK(decoded->fields[kPackIndustry].empty());
  CHECK(decoded->fields[kPackEducation] == "本科");
  CHECK(decoded->fields[kPackSalaryMin] == "8000");
  CHECK(decoded->fields[kPackSalaryMax] == "12000");
  CHECK(decoded->fields[kPackSkills] == "Java\x1fSQL");
  // The layout DESIGN.md describes, byte for byte.
  CHECK(pack == key +
                    "job\x1e北京\x1e\x1e本科\x1e\x1e"
                    "8000\x1e"
                    "12000\x1eJava\x1fSQL\x1e");
}

TEST_CASE("a value that is not a whole pack decodes to nothing") {
  CHECK_FALSE(decode_facet_pack("").has_value());
  CHECK_FALSE(decode_facet_pack("1234567").has_value());
  CHECK_FALSE(decode_facet_pack("12345678job\x1e北京\x1e").has_value());
}

TEST_CASE("education ranks: levels in order, postings' spellings, unknown values") {
  int previous = -1;
  for (std::string_view level : kEducationLevels) {
    auto rank = education_rank(level);
    REQUIRE(rank.has_value());
    CHECK(*rank >= previous);
    previous = *rank;
  }
  CHECK(education_rank("中专") == education_rank("高中"));
  CHECK(education_rank("大专及以上") == education_rank("大专"));
  CHECK(education_rank("研究生") == education_rank("硕士"));
  CHECK(education_rank("博士") == 5);
  CHECK_FALSE(education_rank("幼儿园").has_value());
  CHECK(education_level_list() == "不限, 中专, 高中, 大专, 本科, 硕士, 博士");
}

rapidjson::Document read_schema(const std::string& name) {
  std::ifstream in(testing::source_dir() + "/corpus/schema/" + name);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document json;
  json.Parse(text.str().c_str());
  REQUIRE_MESSAGE(!json.HasParseError(), name);
  return json;
}

template <size_t N>
void check_enum(const rapidjson::Document& schema, const char* property,
                const std::string_view (&expected)[N]) {
  const rapidjson::Value& values = schema["properties"][property]["enum"];
  REQUIRE(values.IsArray());
  REQUIRE(values.Size() == N);
  for (size_t i = 0; i < N; ++i) CHECK(std::string_view(values[i].GetString()) == expected[i]);
}

TEST_CASE("the corpus JSON schemas agree with the table") {
  // corpus/importers/test_importers.py checks the importer against the same
  // schemas, so the three agree.
  check_enum(read_schema("job.schema.json"), "education", kEducationLevels);
  check_enum(read_schema("resource.schema.json"), "level", kResourceLevels);
  std::set<std::string> properties, types;
  for (const char* name : {"job.schema.json", "resource.schema.json", "case.schema.json",
                           "series.schema.json", "employment_report.schema.json"}) {
    rapidjson::Document schema = read_schema(name);
    for (const auto& p : schema["properties"].GetObject()) properties.insert(p.name.GetString());
    types.insert(schema["properties"]["type"]["const"].GetString());
  }
  // Every document member the table reads is a corpus field.
  const std::pair<FilterField, const char*> members[] = {
      {kRegionField, "region"}, {kIndustryField, "industry"}, {kEducationField, "education"},
      {kMajorField, "major"},   {kLevelField, "level"},       {kFormatField, "format"}};
  for (const auto& [field, name] : members) {
    CHECK(filter_field(field).member != nullptr);
    CHECK_MESSAGE(properties.count(name) == 1, name);
    if (!filter_field(field).param.empty()) CHECK(filter_field(field).param == name);
  }
  for (const char* derived : {"org", "school", "enterprise"}) CHECK(properties.count(derived));
  std::string_view names = type_names();
  for (const std::string& t : types) {
    CHECK_MESSAGE(parse_type(t).has_value(), t);
    CHECK(names.find(t) != std::string_view::npos);
  }
  CHECK(types.size() == 5);
}

}  // namespace
}  // namespace chanjiao::schema
