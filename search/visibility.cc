#include "search/visibility.h"

#include <algorithm>

#include "core/schema.h"

namespace chanjiao::search {

Xapian::Query hidden_documents(const Xapian::Database& db, const Viewer& viewer) {
  if (viewer.admin || db.get_termfreq(schema::kRestrictedTerm) == 0) return Xapian::Query();
  Xapian::Query restricted(schema::kRestrictedTerm);
  if (viewer.org.empty()) return restricted;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, restricted,
                       Xapian::Query(schema::term(schema::kOwnerOrg, viewer.org)));
}

Xapian::Query visible_only(const Xapian::Database& db, Xapian::Query query, const Viewer& viewer) {
  Xapian::Query hidden = hidden_documents(db, viewer);
  if (hidden.empty()) return query;
  if (query.empty()) query = schema::match_all();
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query, hidden);
}

namespace {

bool has_term(const Xapian::Database& db, Xapian::docid did, const std::string& term) {
  Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return false;
  it.skip_to(did);
  return it != db.postlist_end(term) && *it == did;
}

}  // namespace

bool is_visible(const Xapian::Database& db, Xapian::docid did, const Viewer& viewer) {
  if (!has_term(db, did, schema::kRestrictedTerm)) return true;
  // The owner matters only when it is the viewer's organisation.
  const bool own =
      !viewer.org.empty() && has_term(db, did, schema::term(schema::kOwnerOrg, viewer.org));
  return viewer.may_see(/*restricted=*/true, own ? viewer.org : std::string_view());
}

HiddenDocuments::HiddenDocuments(const Xapian::Database& db, const Viewer& viewer) {
  Xapian::Query hidden = hidden_documents(db, viewer);
  if (hidden.empty()) return;
  Xapian::Enquire enquire(db);
  enquire.set_query(hidden);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) ids_.push_back(*it);
  std::sort(ids_.begin(), ids_.end());
}

Xapian::doccount HiddenDocuments::count_with(const Xapian::Database& db,
                                             const std::string& term) const {
  Xapian::doccount n = 0;
  if (db.get_termfreq(term) < ids_.size()) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
      n += std::binary_search(ids_.begin(), ids_.end(), *it);
    return n;
  }
  Xapian::PostingIterator it = db.postlist_begin(term);
  for (Xapian::docid did : ids_) {
    it.skip_to(did);
    if (it == db.postlist_end(term)) break;
    n += *it == did;
  }
  return n;
}

}  // namespace chanjiao::search
