#include "server/http_util.h"

#include <string>

namespace chanjiao::server {

void write_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

int http_status(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

std::string error_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 411:
      return "length_required";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "too_many_requests";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

}  // namespace

void send_error(httplib::Response& res, int status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  write_string(w, error_code(status));
  w.Key("message");
  write_string(w, message);
  w.EndObject();
  w.EndObject();
  res.status = status;
  res.set_content(buffer.GetString(), "application/json; charset=utf-8");
}

void send_status(httplib::Response& res, const Status& s) {
  send_error(res, http_status(s.code()), s.message());
}

void send_json(httplib::Response& res, const rapidjson::StringBuffer& buffer, int status) {
  res.status = status;
  res.set_content(buffer.GetString(), buffer.GetSize(), "application/json; charset=utf-8");
}

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --- Request parsing: one function per endpoint, errors name the parameter.

Result<int64_t> int_param(const httplib::Request& req, const char* name, int64_t min, int64_t max) {
  return parse_int(name, req.get_param_value(name), min, max);
}

Result<int64_t> parse_int(const char* name, const std::string& v, int64_t min, int64_t max) {
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size() && n >= min && n <= max) return static_cast<int64_t>(n);
  } catch (const std::exception&) {
  }
  return Status::invalid_argument(std::string(name) + ": expected an integer between " +
                                  std::to_string(min) + " and " + std::to_string(max));
}

}  // namespace chanjiao::server
