// Helpers every route uses: JSON responses, the one error shape, parameter
// parsing with errors that name the parameter.
#pragma once

#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string_view>

#include "core/status.h"

namespace chanjiao::server {

using Clock = std::chrono::steady_clock;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& w, std::string_view s);
// `"key": [{...}, ...]`, one object per item; write_fields(w, item) writes
// the object's members.
template <typename Items, typename WriteFields>
void write_object_array(JsonWriter& w, const char* key, const Items& items,
                        WriteFields write_fields) {
  w.Key(key);
  w.StartArray();
  for (const auto& item : items) {
    w.StartObject();
    write_fields(w, item);
    w.EndObject();
  }
  w.EndArray();
}
// The HTTP status for a Status code (kInvalidArgument → 400, kNotFound → 404…).
int http_status(StatusCode code);
// `{"error": {"code": ..., "message": ...}}` with `status`.
void send_error(httplib::Response& res, int status, std::string_view message);
void send_status(httplib::Response& res, const Status& s);
void send_json(httplib::Response& res, const rapidjson::StringBuffer& buffer, int status = 200);
double elapsed_ms(Clock::time_point start);
// An integer query parameter in [min, max]; the error names the parameter.
Result<int64_t> int_param(const httplib::Request& req, const char* name, int64_t min, int64_t max);
// `value` as an integer in [min, max]; the error names the parameter `name`.
Result<int64_t> parse_int(const char* name, const std::string& value, int64_t min, int64_t max);

}  // namespace chanjiao::server
