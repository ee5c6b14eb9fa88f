#include "core/document.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>

#include "core/utf8.h"

namespace chanjiao {
namespace {

using rapidjson::Value;

size_t char_count(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status field_error(std::string_view field, std::string_view problem) {
  return Status::invalid_argument(std::string(field) + ": " + std::string(problem));
}

// Reads an optional string field into `out`, checking UTF-8 and length.
Status read_string(const Value& object, const char* field, size_t max_chars, std::string& out) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::ok();
  if (!it->value.IsString()) return field_error(field, "expected a string");
  std::string_view s(it->value.GetString(), it->value.GetStringLength());
  if (!is_valid_utf8(s)) return field_error(field, "invalid UTF-8");
  if (char_count(s) > max_chars) {
    return field_error(field, "too long (" + std::to_string(char_count(s)) + " characters, limit " +
                                  std::to_string(max_chars) + ")");
  }
  out.assign(s);
  return Status::ok();
}

Status read_list(const Value& object, const char* field, std::vector<std::string>& out) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::ok();
  if (!it->value.IsArray()) return field_error(field, "expected an array of strings");
  if (it->value.Size() > DocumentLimits::kMaxListItems) {
    return field_error(
        field, "too many items (limit " + std::to_string(DocumentLimits::kMaxListItems) + ")");
  }
  for (const Value& item : it->value.GetArray()) {
    if (!item.IsString()) return field_error(field, "expected an array of strings");
    std::string_view s(item.GetString(), item.GetStringLength());
    if (!is_valid_utf8(s)) return field_error(field, "invalid UTF-8");
    if (char_count(s) > DocumentLimits::kMaxListItemChars)
      return field_error(field, "item too long");
    if (!s.empty()) out.emplace_back(s);
  }
  return Status::ok();
}

Status read_integer(const Value& object, const char* field, int64_t min, int64_t max,
                    std::optional<int64_t>& out) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::ok();
  if (!it->value.IsInt64()) {
    if (it->value.IsDouble() &&
        it->value.GetDouble() == static_cast<int64_t>(it->value.GetDouble())) {
      out = static_cast<int64_t>(it->value.GetDouble());
    } else {
      return field_error(field, "expected an integer");
    }
  } else {
    out = it->value.GetInt64();
  }
  if (*out < min || *out > max) {
    return field_error(field,
                       "out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
  }
  return Status::ok();
}

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > DocumentLimits::kMaxIdBytes) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

Status parse_fields(const Value& object, Document& doc) {
  constexpr size_t kShort = DocumentLimits::kMaxShortFieldChars;
  auto id = object.FindMember("id");
  if (id == object.MemberEnd() || id->value.IsNull()) return field_error("id", "missing");
  if (!id->value.IsString()) return field_error("id", "expected a string");
  doc.id.assign(id->value.GetString(), id->value.GetStringLength());
  if (!valid_id(doc.id))
    return field_error("id", "must be 1-128 characters of A-Z a-z 0-9 . _ : -");

  auto type = object.FindMember("type");
  if (type == object.MemberEnd() || type->value.IsNull()) return field_error("type", "missing");
  if (!type->value.IsString()) return field_error("type", "expected a string");
  auto parsed_type = parse_type(type->value.GetString());
  if (!parsed_type) return field_error("type", "must be one of job, resource, case");
  doc.type = *parsed_type;

  Status s;
  if (!(s = read_string(object, "title", DocumentLimits::kMaxTitleChars, doc.title)).is_ok())
    return s;
  if (doc.title.find_first_not_of(" \t\r\n") == std::string::npos)
    return field_error("title", "missing");
  struct StringField {
    const char* name;
    size_t limit;
    std::string* out;
  };
  const StringField strings[] = {
      {"body", DocumentLimits::kMaxBodyChars, &doc.body},
      {"org", kShort, &doc.org},
      {"region", kShort, &doc.region},
      {"published_at", kShort, &doc.published_at},
      {"url", 2048, &doc.url},
      {"education", kShort, &doc.education},
      {"experience", kShort, &doc.experience},
      {"industry", kShort, &doc.industry},
      {"major", kShort, &doc.major},
      {"level", kShort, &doc.level},
      {"format", kShort, &doc.format},
      {"school", kShort, &doc.school},
      {"enterprise", kShort, &doc.enterprise},
  };
  for (const StringField& f : strings)
    if (!(s = read_string(object, f.name, f.limit, *f.out)).is_ok()) return s;
  if (!(s = read_list(object, "tags", doc.tags)).is_ok()) return s;
  if (!(s = read_list(object, "skills", doc.skills)).is_ok()) return s;
  if (!doc.published_at.empty() && !parse_iso_day(doc.published_at))
    return field_error("published_at", "expected a date YYYY-MM-DD");
  const int64_t max_salary = DocumentLimits::kMaxSalary;
  if (!(s = read_integer(object, "salary_min", 0, max_salary, doc.salary_min)).is_ok()) return s;
  if (!(s = read_integer(object, "salary_max", 0, max_salary, doc.salary_max)).is_ok()) return s;
  if (doc.salary_min && doc.salary_max && *doc.salary_min > *doc.salary_max)
    return field_error("salary_min", "greater than salary_max");
  std::optional<int64_t> year;
  if (!(s = read_integer(object, "year", 1900, 2100, year)).is_ok()) return s;
  if (year) doc.year = static_cast<int>(*year);
  if (!(s = read_string(object, "owner_org", kShort, doc.owner_org)).is_ok()) return s;
  if (!doc.owner_org.empty() && !valid_id(doc.owner_org))
    return field_error("owner_org", "must be 1-128 characters of A-Z a-z 0-9 . _ : -");
  if (auto r = object.FindMember("restricted"); r != object.MemberEnd() && !r->value.IsNull()) {
    if (!r->value.IsBool()) return field_error("restricted", "expected true or false");
    doc.restricted = r->value.GetBool();
  }
  return Status::ok();
}

}  // namespace

std::string_view type_name(DocType type) {
  switch (type) {
    case DocType::kJob:
      return "job";
    case DocType::kResource:
      return "resource";
    case DocType::kCase:
      return "case";
  }
  return "job";
}

std::optional<DocType> parse_type(std::string_view name) {
  if (name == "job") return DocType::kJob;
  if (name == "resource") return DocType::kResource;
  if (name == "case") return DocType::kCase;
  return std::nullopt;
}

std::optional<int64_t> parse_iso_day(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t count) -> int {
    int v = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (date[i] < '0' || date[i] > '9') return -1;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

Result<Document> parse_document(std::string_view json) {
  rapidjson::Document parsed;
  parsed.Parse(json.data(), json.size());
  if (parsed.HasParseError()) {
    return Status::invalid_argument(std::string("json: ") +
                                    rapidjson::GetParseError_En(parsed.GetParseError()) +
                                    " (at byte " + std::to_string(parsed.GetErrorOffset()) + ")");
  }
  if (!parsed.IsObject()) return Status::invalid_argument("json: expected an object");
  Document doc;
  if (Status s = parse_fields(parsed, doc); !s.is_ok()) return s;
  return doc;
}

std::string to_json(const Document& doc) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&w](const char* key, const std::string& value) {
    if (value.empty()) return;
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto list = [&w](const char* key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    w.Key(key);
    w.StartArray();
    for (const std::string& v : values)
      w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
  };
  w.StartObject();
  str("id", doc.id);
  w.Key("type");
  w.String(type_name(doc.type).data());
  str("title", doc.title);
  str("body", doc.body);
  str("org", doc.org);
  str("region", doc.region);
  list("tags", doc.tags);
  list("skills", doc.skills);
  str("published_at", doc.published_at);
  str("url", doc.url);
  if (doc.salary_min) {
    w.Key("salary_min");
    w.Int64(*doc.salary_min);
  }
  if (doc.salary_max) {
    w.Key("salary_max");
    w.Int64(*doc.salary_max);
  }
  str("education", doc.education);
  str("experience", doc.experience);
  str("industry", doc.industry);
  str("major", doc.major);
  str("level", doc.level);
  str("format", doc.format);
  str("school", doc.school);
  str("enterprise", doc.enterprise);
  if (doc.year) {
    w.Key("year");
    w.Int(*doc.year);
  }
  str("owner_org", doc.owner_org);
  if (doc.restricted) {
    w.Key("restricted");
    w.Bool(true);
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace chanjiao
