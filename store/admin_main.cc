// chanjiao-admin: organisations' API keys in the document store.
//
//   chanjiao-admin key create --org ORG --role gov|enterprise|school|admin --store PATH
//   chanjiao-admin key list   --store PATH
//   chanjiao-admin key revoke KEY_ID|KEY --store PATH
//
// `key create` prints the new key as the last line of its output: the store
// keeps only its SHA-256, so it cannot be shown again.
#include <iostream>
#include <string>

#include "store/document_store.h"

namespace {

int usage() {
  std::cerr << "usage: chanjiao-admin key create --org ORG --role gov|enterprise|school|admin "
               "--store PATH\n"
               "       chanjiao-admin key list --store PATH\n"
               "       chanjiao-admin key revoke KEY_ID --store PATH\n";
  return 2;
}

int fail(const chanjiao::Status& s) {
  std::cerr << "chanjiao-admin: " << s.message() << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using chanjiao::store::DocumentStore;
  if (argc < 3 || std::string(argv[1]) != "key") return usage();
  std::string command = argv[2], org, role_text, store_path, target;
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--org" && i + 1 < argc)
      org = argv[++i];
    else if (arg == "--role" && i + 1 < argc)
      role_text = argv[++i];
    else if (arg == "--store" && i + 1 < argc)
      store_path = argv[++i];
    else if (!arg.empty() && arg[0] != '-' && target.empty())
      target = arg;
    else
      return usage();
  }
  if (store_path.empty()) return usage();
  auto store = DocumentStore::open(store_path);
  if (!store.is_ok()) return fail(store.status());

  if (command == "create") {
    auto role = chanjiao::store::parse_role(role_text);
    if (org.empty() || !role) return usage();
    auto key = store.value()->keys().create(org, *role);
    if (!key.is_ok()) return fail(key.status());
    std::cout << "created a " << role_text << " key for " << org
              << " (shown once; the store keeps only its hash):\n";
    std::cout << key.value() << std::endl;
    return 0;
  }
  if (command == "list") {
    auto keys = store.value()->keys().list();
    if (!keys.is_ok()) return fail(keys.status());
    std::cout << "key_id\torg\trole\tcreated\trevoked\n";
    for (const auto& k : keys.value())
      std::cout << k.key_id << '\t' << k.org << '\t' << chanjiao::store::role_name(k.role) << '\t'
                << k.created << '\t' << (k.revoked.empty() ? "-" : k.revoked) << '\n';
    return 0;
  }
  if (command == "revoke") {
    if (target.empty()) return usage();
    if (chanjiao::Status s = store.value()->keys().revoke(target); !s.is_ok()) return fail(s);
    std::cout << "revoked " << target.substr(0, 12) << '\n';
    return 0;
  }
  return usage();
}
