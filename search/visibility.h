// Visibility of restricted documents: a document published with
// `restricted: true` is seen only by its owner organisation and by admins,
// in search, suggest, recommend, insights and GET /documents/{id}. Index
// terms (core/schema.h): kRestrictedTerm on restricted documents, kOwnerOrg +
// org on every owned document.
//
// Cheap when nothing is restricted: the filters are skipped when the index
// holds no restricted document.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace chanjiao::search {

// Who is asking. Default: anonymous (public documents only).
struct Viewer {
  std::string org;     // the API key's organisation; empty when anonymous
  bool admin = false;  // sees everything

  // The rule itself: public documents for everyone, restricted ones for
  // their owner organisation and admins (is_visible() applies it to index
  // terms, the document route to store rows).
  bool may_see(bool restricted, std::string_view owner_org) const {
    return !restricted || admin || (!org.empty() && org == owner_org);
  }
};

// The documents `viewer` may not see, as a query; empty when none can be hidden.
Xapian::Query hidden_documents(const Xapian::Database& db, const Viewer& viewer);

// `query` without the documents `viewer` may not see.
Xapian::Query visible_only(const Xapian::Database& db, Xapian::Query query, const Viewer& viewer);

// Whether `viewer` may see document `did`.
bool is_visible(const Xapian::Database& db, Xapian::docid did, const Viewer& viewer);

// The hidden documents' ids, for adjusting term frequencies (suggestions
// count only documents the viewer may see).
class HiddenDocuments {
 public:
  HiddenDocuments(const Xapian::Database& db, const Viewer& viewer);
  bool empty() const { return ids_.empty(); }
  // How many hidden documents contain `term`.
  Xapian::doccount count_with(const Xapian::Database& db, const std::string& term) const;

 private:
  std::vector<Xapian::docid> ids_;  // ascending
};

}  // namespace chanjiao::search
