// Document: the platform's record — a job posting, a teaching resource, an
// enterprise practice case, a statistical series or a school employment
// report — and its validation (corpus/README.md is the
// user-facing description; corpus/schema/*.json the JSON Schemas).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace chanjiao {

enum class DocType { kJob, kResource, kCase, kSeries, kEmploymentReport };

std::string_view type_name(DocType type);
std::optional<DocType> parse_type(std::string_view name);
// "job, resource, case, series, employment_report": for error messages.
std::string_view type_names();

// One value of a statistical series. `period` is canonical for the series'
// frequency: M "YYYY-MM", Q "YYYY-Qn", Y "YYYY".
struct Observation {
  std::string period;
  double value = 0;
  std::string note;  // optional, e.g. "2016-12 row holds Jan–Oct"
};

// A declared methodology break: observations from `period` on are not
// comparable with those before it, so nothing (a chart line, a model fit)
// may join the two sides.
struct SeriesBreak {
  std::string period;
  std::string note;
};

struct Document {
  std::string id;
  DocType type = DocType::kJob;
  std::string title;
  std::string body;
  std::string org;
  std::string region;
  std::vector<std::string> tags;
  std::vector<std::string> skills;
  std::string published_at;  // YYYY-MM-DD or empty
  std::string url;
  // job
  std::optional<int64_t> salary_min;  // yuan per month
  std::optional<int64_t> salary_max;
  std::string education;
  std::string experience;
  // job, case
  std::string industry;
  // job, resource, case
  std::string major;
  // resource
  std::string level;
  std::string format;
  std::string school;
  // case
  std::string enterprise;
  std::optional<int> year;
  // series (title is the series' name, org the publishing agency, url the
  // source, body the methodology note, published_at the last update)
  std::string unit;                       // "%" marks a rate: every value lies in 0..100
  std::string frequency;                  // "M", "Q" or "Y"
  bool cumulative = false;                // values are year-to-date sums, as published
  std::vector<SeriesBreak> breaks;        // ascending by period
  std::vector<Observation> observations;  // ascending by period, unique
  // employment_report (with school, year, major, education, org)
  std::optional<int64_t> graduates;
  std::optional<int64_t> employed;        // excludes further study
  std::optional<int64_t> further_study;   // 升学 (domestic and abroad)
  std::optional<double> employment_rate;  // percent, = 100 * employed / graduates
  std::optional<int64_t> median_salary;   // yuan per month, starting
  std::vector<std::string> top_industries;
  std::vector<std::string> top_regions;
  // Publishing (store/document_store.h): the organisation that owns the
  // document (an API-key organisation, e.g. `csgov`; empty for corpus
  // records nobody owns) and whether only that organisation and admins may
  // see it.
  std::string owner_org;
  bool restricted = false;
};

// Limits enforced on every document (documented in corpus/README.md).
struct DocumentLimits {
  static constexpr size_t kMaxIdBytes = 128;
  static constexpr size_t kMaxTitleChars = 512;
  static constexpr size_t kMaxBodyChars = 100000;
  static constexpr size_t kMaxShortFieldChars = 256;
  static constexpr size_t kMaxListItems = 64;
  static constexpr size_t kMaxListItemChars = 128;
  static constexpr int64_t kMaxSalary = 10000000;
  static constexpr size_t kMaxObservations = 10000;
  static constexpr size_t kMaxBreaks = 64;
  static constexpr int64_t kMaxGraduates = 10000000;
  // A published employment rate may differ from 100 * employed / graduates
  // by this much (percentage points): rounding to one decimal place.
  static constexpr double kRateTolerance = 0.05;
};

// True when `period` is canonical for `frequency` ("M", "Q", "Y").
bool valid_period(std::string_view frequency, std::string_view period);
// What a canonical period of `frequency` looks like, for error messages:
// "a month YYYY-MM", "a quarter YYYY-Qn", "a year YYYY".
std::string_view period_format(std::string_view frequency);

// True for a valid document id or organisation name: 1-128 characters of
// A-Z a-z 0-9 . _ : -
bool valid_id(std::string_view id);

// Parses and validates one JSON object. On error the Status message is
// `field: problem` (or `json: problem` when the text is not a JSON object).
// Unknown fields are ignored; null counts as absent.
Result<Document> parse_document(std::string_view json);

// Canonical JSON of a document (only fields that are set), as stored in the
// index and returned by the API.
std::string to_json(const Document& doc);

// Days since 1970-01-01 of a valid `YYYY-MM-DD`, or nullopt.
std::optional<int64_t> parse_iso_day(std::string_view date);

}  // namespace chanjiao
