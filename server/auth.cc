#include "server/auth.h"

namespace chanjiao::server {

std::string Auth::key_of(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() > kBearer.size() && header.compare(0, kBearer.size(), kBearer) == 0)
    return header.substr(kBearer.size());
  return req.get_header_value("X-API-Key");
}

std::string Auth::key_id(const httplib::Request& req) {
  return key_of(req).substr(0, 12);  // store/api_keys.cc: kKeyIdChars
}

Result<store::Caller> Auth::caller(const httplib::Request& req) const {
  std::string key = key_of(req);
  if (key.empty())
    return Status::unauthenticated("missing API key (send Authorization: Bearer KEY)");
  if (store_ == nullptr) return Status::unavailable("publishing is off (no document store)");
  return store_->keys().authenticate(key);
}

Result<search::Viewer> Auth::viewer(const httplib::Request& req) const {
  if (key_of(req).empty()) return search::Viewer{};
  auto who = caller(req);
  if (!who.is_ok()) return who.status();
  return search::Viewer{who->org, who->admin()};
}

}  // namespace chanjiao::server
