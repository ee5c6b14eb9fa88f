#include "server/router.h"

namespace chanjiao::server {

std::string Router::pattern(std::string_view openapi_path) {
  std::string out;
  for (size_t i = 0; i < openapi_path.size(); ++i) {
    if (openapi_path[i] == '{') {
      size_t close = openapi_path.find('}', i);
      if (close != std::string_view::npos) {
        out += "([^/]+)";
        i = close;
        continue;
      }
    }
    out += openapi_path[i];
  }
  return out;
}

void Router::Get(const std::string& path, httplib::Server::Handler handler) {
  routes_.push_back({"GET", path});
  http_.Get(pattern(path), std::move(handler));
}

void Router::Post(const std::string& path, httplib::Server::Handler handler) {
  routes_.push_back({"POST", path});
  http_.Post(pattern(path), std::move(handler));
}

void Router::Put(const std::string& path, httplib::Server::Handler handler) {
  routes_.push_back({"PUT", path});
  http_.Put(pattern(path), std::move(handler));
}

void Router::Delete(const std::string& path, httplib::Server::Handler handler) {
  routes_.push_back({"DELETE", path});
  http_.Delete(pattern(path), std::move(handler));
}

}  // namespace chanjiao::server
