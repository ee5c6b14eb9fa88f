// Status and Result<T>: errors as values inside the core.
//
// A Status is either ok or carries a code and a human-readable message.
// Codes map 1:1 to HTTP statuses at the server boundary (see server/).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace chanjiao {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from a user or a file (HTTP 400)
  kUnauthenticated,     // no or an invalid API key (HTTP 401)
  kPermissionDenied,    // the key may not do this, e.g. another organisation's document (403)
  kNotFound,            // (HTTP 404)
  kFailedPrecondition,  // e.g. analyzer version mismatch (HTTP 409)
  kTooLarge,            // an input over its size limit, e.g. a 70 KiB query (HTTP 413)
  kUnavailable,         // a resource that may come back (HTTP 503)
  kInternal,            // a bug or an environment failure (HTTP 500)
};

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid_argument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status unauthenticated(std::string msg) {
    return Status(StatusCode::kUnauthenticated, std::move(msg));
  }
  static Status permission_denied(std::string msg) {
    return Status(StatusCode::kPermissionDenied, std::move(msg));
  }
  static Status not_found(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status failed_precondition(std::string msg) {
    return Status(StatusCode::kFailedPrecondition, std::move(msg));
  }
  static Status too_large(std::string msg) { return Status(StatusCode::kTooLarge, std::move(msg)); }
  static Status unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }
  static Status internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.is_ok());
  }

  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace chanjiao
