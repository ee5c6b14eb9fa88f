// Document: the platform's record — a job posting, a teaching resource or an
// enterprise practice case — and its validation (corpus/README.md is the
// user-facing description; corpus/schema/*.json the JSON Schemas).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace chanjiao {

enum class DocType { kJob, kResource, kCase };

std::string_view type_name(DocType type);
std::optional<DocType> parse_type(std::string_view name);

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
};

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
