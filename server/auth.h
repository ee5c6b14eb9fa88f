// Auth: API keys on HTTP requests (`Authorization: Bearer KEY` or
// `X-API-Key: KEY`), checked against the document store's hashed keys. A
// revoked key stops working at once (every request asks the store).
#pragma once

#include <httplib.h>

#include <optional>

#include "core/status.h"
#include "search/visibility.h"
#include "store/document_store.h"

namespace chanjiao::server {

class Auth {
 public:
  // `store` may be null (publishing off): then every key is rejected.
  explicit Auth(store::DocumentStore* store) : store_(store) {}

  // The caller a request's key stands for; kUnauthenticated when the key is
  // missing, unknown or revoked.
  Result<store::Caller> caller(const httplib::Request& req) const;

  // Who is reading: anonymous without a key (public documents only), the
  // key's organisation with one; kUnauthenticated for a bad key (a typo
  // should not silently hide a restricted document).
  Result<search::Viewer> viewer(const httplib::Request& req) const;

  // The store's name for the request's key (its first 12 characters, unique
  // per key; store/api_keys.h): what per-key state such as the publishing rate
  // limit is kept under, so that no full key stays in memory. Call it after
  // caller() succeeded.
  static std::string key_id(const httplib::Request& req);

 private:
  // The key a request carries, or an empty string.
  static std::string key_of(const httplib::Request& req);
  store::DocumentStore* store_;
};

}  // namespace chanjiao::server
