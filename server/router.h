// Router: registers the HTTP routes on an httplib::Server and remembers each
// one, so that what the server really serves can be listed
// (`chanjiao-server --list-routes`) and checked against the OpenAPI
// description (server/openapi.json, served at GET /api/v1/openapi.json).
// Paths are written in OpenAPI form (`/api/v1/documents/{id}`); a `{name}`
// segment matches one non-empty path segment (httplib's `([^/]+)`, the
// handler's req.matches[1], [2]...). Not thread-safe: routes are registered
// before the server listens.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace chanjiao::server {

struct Route {
  std::string method;  // "GET", "POST", "PUT", "DELETE"
  std::string path;    // OpenAPI form
};

class Router {
 public:
  explicit Router(httplib::Server& http) : http_(http) {}

  void Get(const std::string& path, httplib::Server::Handler handler);
  void Post(const std::string& path, httplib::Server::Handler handler);
  void Put(const std::string& path, httplib::Server::Handler handler);
  void Delete(const std::string& path, httplib::Server::Handler handler);

  // Every route registered so far, in registration order.
  const std::vector<Route>& routes() const { return routes_; }

  // `/a/{id}/b` → `/a/([^/]+)/b`: the pattern httplib matches.
  static std::string pattern(std::string_view openapi_path);

 private:
  httplib::Server& http_;
  std::vector<Route> routes_;
};

}  // namespace chanjiao::server
