#include "core/document.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

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
    // Range first: casting a double outside int64 is undefined behaviour
    // (found by fuzz_document_json with "salary_min": 5.5e106).
    const double d = it->value.IsDouble() ? it->value.GetDouble() : 0.5;
    if (d >= -9.0e18 && d <= 9.0e18 && d == std::trunc(d)) {
      out = static_cast<int64_t>(d);
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

bool has_field(const Value& object, const char* field) {
  auto it = object.FindMember(field);
  return it != object.MemberEnd() && !it->value.IsNull();
}

std::string indexed(std::string_view array, size_t i, std::string_view member) {
  return std::string(array) + "[" + std::to_string(i) + "]." + std::string(member);
}

// Reads `array[i].period` (required, canonical for the frequency).
Status read_period(const Value& item, std::string_view array, size_t i, std::string_view frequency,
                   std::string& out) {
  const std::string field = indexed(array, i, "period");
  auto it = item.FindMember("period");
  if (it == item.MemberEnd() || it->value.IsNull()) return field_error(field, "missing");
  if (!it->value.IsString()) return field_error(field, "expected a string");
  std::string_view period(it->value.GetString(), it->value.GetStringLength());
  if (!valid_period(frequency, period)) {
    return field_error(field, "\"" + std::string(period.substr(0, 32)) + "\" is not " +
                                  std::string(period_format(frequency)) + " (frequency " +
                                  std::string(frequency) + ")");
  }
  out.assign(period);
  return Status::ok();
}

Status read_note(const Value& item, const std::string& field, std::string& out) {
  auto it = item.FindMember("note");
  if (it == item.MemberEnd() || it->value.IsNull()) return Status::ok();
  if (!it->value.IsString()) return field_error(field, "expected a string");
  std::string_view s(it->value.GetString(), it->value.GetStringLength());
  if (!is_valid_utf8(s)) return field_error(field, "invalid UTF-8");
  if (char_count(s) > DocumentLimits::kMaxShortFieldChars) return field_error(field, "too long");
  out.assign(s);
  return Status::ok();
}

// A value as people write it in messages: 92, 66.67, 100.5.
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

Status read_observations(const Value& object, Document& doc) {
  auto it = object.FindMember("observations");
  if (it == object.MemberEnd() || it->value.IsNull()) return field_error("observations", "missing");
  if (!it->value.IsArray()) return field_error("observations", "expected an array of objects");
  const auto& items = it->value;
  if (items.Empty()) return field_error("observations", "empty (at least one observation)");
  if (items.Size() > DocumentLimits::kMaxObservations) {
    return field_error("observations", "too many items (limit " +
                                           std::to_string(DocumentLimits::kMaxObservations) + ")");
  }
  const bool rate = doc.unit == "%";
  std::map<std::string, size_t> seen;  // period -> position, for duplicates
  for (rapidjson::SizeType i = 0; i < items.Size(); ++i) {
    const Value& item = items[i];
    if (!item.IsObject())
      return field_error("observations[" + std::to_string(i) + "]", "expected an object");
    Observation obs;
    if (Status s = read_period(item, "observations", i, doc.frequency, obs.period); !s.is_ok())
      return s;
    auto [prior, inserted] = seen.emplace(obs.period, i);
    if (!inserted) {
      return field_error(indexed("observations", i, "period"),
                         "duplicate " + obs.period + " (also observations[" +
                             std::to_string(prior->second) + "])");
    }
    const std::string value_field = indexed("observations", i, "value");
    auto v = item.FindMember("value");
    if (v == item.MemberEnd() || v->value.IsNull()) return field_error(value_field, "missing");
    if (!v->value.IsNumber()) return field_error(value_field, "expected a number");
    obs.value = v->value.GetDouble();
    if (!std::isfinite(obs.value)) return field_error(value_field, "expected a finite number");
    if (rate && (obs.value < 0 || obs.value > 100)) {
      return field_error(value_field, format_number(obs.value) + " (" + obs.period +
                                          ") is outside 0..100 for a rate (unit %)");
    }
    if (Status s = read_note(item, indexed("observations", i, "note"), obs.note); !s.is_ok())
      return s;
    doc.observations.push_back(std::move(obs));
  }
  std::sort(doc.observations.begin(), doc.observations.end(),
            [](const Observation& a, const Observation& b) { return a.period < b.period; });
  return Status::ok();
}

Status read_breaks(const Value& object, Document& doc) {
  auto it = object.FindMember("breaks");
  if (it == object.MemberEnd() || it->value.IsNull()) return Status::ok();
  if (!it->value.IsArray()) return field_error("breaks", "expected an array of objects");
  if (it->value.Size() > DocumentLimits::kMaxBreaks) return field_error("breaks", "too many items");
  for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
    const Value& item = it->value[i];
    if (!item.IsObject())
      return field_error("breaks[" + std::to_string(i) + "]", "expected an object");
    SeriesBreak b;
    if (Status s = read_period(item, "breaks", i, doc.frequency, b.period); !s.is_ok()) return s;
    if (Status s = read_note(item, indexed("breaks", i, "note"), b.note); !s.is_ok()) return s;
    for (const SeriesBreak& other : doc.breaks)
      if (other.period == b.period)
        return field_error(indexed("breaks", i, "period"), "duplicate " + b.period);
    doc.breaks.push_back(std::move(b));
  }
  std::sort(doc.breaks.begin(), doc.breaks.end(),
            [](const SeriesBreak& a, const SeriesBreak& b) { return a.period < b.period; });
  return Status::ok();
}

Status parse_series(const Value& object, Document& doc) {
  Status s;
  if (!(s = read_string(object, "unit", 32, doc.unit)).is_ok()) return s;
  if (doc.unit.empty()) return field_error("unit", "missing");
  if (!(s = read_string(object, "frequency", 8, doc.frequency)).is_ok()) return s;
  if (doc.frequency.empty()) return field_error("frequency", "missing");
  if (doc.frequency != "M" && doc.frequency != "Q" && doc.frequency != "Y")
    return field_error("frequency", "must be M, Q or Y");
  if (auto c = object.FindMember("cumulative"); c != object.MemberEnd() && !c->value.IsNull()) {
    if (!c->value.IsBool()) return field_error("cumulative", "expected true or false");
    doc.cumulative = c->value.GetBool();
  }
  // A year-to-date sum restarts every January: meaningless for annual data.
  if (doc.cumulative && doc.frequency == "Y")
    return field_error("cumulative", "needs a monthly or quarterly series");
  if (!(s = read_breaks(object, doc)).is_ok()) return s;
  return read_observations(object, doc);
}

Status read_count(const Value& object, const char* field, bool required,
                  std::optional<int64_t>& out) {
  if (required && !has_field(object, field)) return field_error(field, "missing");
  return read_integer(object, field, 0, DocumentLimits::kMaxGraduates, out);
}

// Figures a school cannot have: more employed than graduates, a rate that is
// not the one its own counts give.
Status parse_report(const Value& object, Document& doc) {
  if (doc.school.empty()) return field_error("school", "missing");
  if (!doc.year) return field_error("year", "missing");
  Status s;
  if (!(s = read_count(object, "graduates", true, doc.graduates)).is_ok()) return s;
  if (*doc.graduates == 0) return field_error("graduates", "must be at least 1");
  if (!(s = read_count(object, "employed", true, doc.employed)).is_ok()) return s;
  if (!(s = read_count(object, "further_study", false, doc.further_study)).is_ok()) return s;
  const int64_t graduates = *doc.graduates;
  if (*doc.employed > graduates) {
    return field_error("employed", std::to_string(*doc.employed) + " is more than graduates (" +
                                       std::to_string(graduates) + ")");
  }
  if (doc.further_study && *doc.employed + *doc.further_study > graduates) {
    return field_error("further_study", "employed + further_study (" +
                                            std::to_string(*doc.employed + *doc.further_study) +
                                            ") is more than graduates (" +
                                            std::to_string(graduates) + ")");
  }
  const double computed = 100.0 * static_cast<double>(*doc.employed) / graduates;
  if (auto r = object.FindMember("employment_rate");
      r != object.MemberEnd() && !r->value.IsNull()) {
    if (!r->value.IsNumber()) return field_error("employment_rate", "expected a number");
    const double rate = r->value.GetDouble();
    if (rate < 0 || rate > 100) return field_error("employment_rate", "out of range (0..100)");
    if (std::fabs(rate - computed) > DocumentLimits::kRateTolerance + 1e-9) {
      return field_error("employment_rate",
                         format_number(rate) + " is not 100 * employed / graduates (" +
                             format_number(std::round(computed * 100) / 100) + ")");
    }
    doc.employment_rate = rate;
  } else {
    doc.employment_rate = std::round(computed * 10) / 10;
  }
  if (!(s = read_integer(object, "median_salary", 0, DocumentLimits::kMaxSalary, doc.median_salary))
           .is_ok())
    return s;
  if (!(s = read_list(object, "top_industries", doc.top_industries)).is_ok()) return s;
  return read_list(object, "top_regions", doc.top_regions);
}

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
  if (!parsed_type) return field_error("type", "must be one of " + std::string(type_names()));
  doc.type = *parsed_type;

  Status s;
  // A series' title is its name; publishers of statistics call it that.
  const char* title_field =
      doc.type == DocType::kSeries && !has_field(object, "title") ? "name" : "title";
  if (!(s = read_string(object, title_field, DocumentLimits::kMaxTitleChars, doc.title)).is_ok())
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
  if (doc.type == DocType::kSeries && doc.body.empty()) {
    s = read_string(object, "methodology", DocumentLimits::kMaxBodyChars, doc.body);
    if (!s.is_ok()) return s;
  }
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
  if (doc.type == DocType::kSeries) return parse_series(object, doc);
  if (doc.type == DocType::kEmploymentReport) return parse_report(object, doc);
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
    case DocType::kSeries:
      return "series";
    case DocType::kEmploymentReport:
      return "employment_report";
  }
  return "job";
}

std::optional<DocType> parse_type(std::string_view name) {
  if (name == "job") return DocType::kJob;
  if (name == "resource") return DocType::kResource;
  if (name == "case") return DocType::kCase;
  if (name == "series") return DocType::kSeries;
  if (name == "employment_report") return DocType::kEmploymentReport;
  return std::nullopt;
}

std::string_view type_names() {
  return "job, resource, case, series, employment_report";
}

std::string_view period_format(std::string_view frequency) {
  if (frequency == "M") return "a month YYYY-MM";
  if (frequency == "Q") return "a quarter YYYY-Qn";
  return "a year YYYY";
}

bool valid_period(std::string_view frequency, std::string_view period) {
  auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i)
      if (period[i] < '0' || period[i] > '9') return false;
    return true;
  };
  if (period.size() < 4 || !digits(0, 4) || period[0] == '0') return false;
  if (frequency == "Y") return period.size() == 4;
  if (frequency == "M") {
    if (period.size() != 7 || period[4] != '-' || !digits(5, 2)) return false;
    int month = (period[5] - '0') * 10 + (period[6] - '0');
    return month >= 1 && month <= 12;
  }
  if (frequency == "Q")
    return period.size() == 7 && period[4] == '-' && period[5] == 'Q' && period[6] >= '1' &&
           period[6] <= '4';
  return false;
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
  auto count = [&w](const char* key, const std::optional<int64_t>& value) {
    if (!value) return;
    w.Key(key);
    w.Int64(*value);
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
  count("salary_min", doc.salary_min);
  count("salary_max", doc.salary_max);
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
  if (doc.type == DocType::kSeries) {
    str("unit", doc.unit);
    str("frequency", doc.frequency);
    w.Key("cumulative");
    w.Bool(doc.cumulative);
    if (!doc.breaks.empty()) {
      w.Key("breaks");
      w.StartArray();
      for (const SeriesBreak& b : doc.breaks) {
        w.StartObject();
        str("period", b.period);
        str("note", b.note);
        w.EndObject();
      }
      w.EndArray();
    }
    w.Key("observations");
    w.StartArray();
    for (const Observation& o : doc.observations) {
      w.StartObject();
      str("period", o.period);
      w.Key("value");
      w.Double(o.value);
      str("note", o.note);
      w.EndObject();
    }
    w.EndArray();
  }
  count("graduates", doc.graduates);
  count("employed", doc.employed);
  count("further_study", doc.further_study);
  if (doc.employment_rate) {
    w.Key("employment_rate");
    w.Double(*doc.employment_rate);
  }
  count("median_salary", doc.median_salary);
  list("top_industries", doc.top_industries);
  list("top_regions", doc.top_regions);
  str("owner_org", doc.owner_org);
  if (doc.restricted) {
    w.Key("restricted");
    w.Bool(true);
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace chanjiao
