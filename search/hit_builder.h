// A search hit — what a result card shows — from a matched document: the
// stored JSON's id, type and title, the title and a body snippet with the
// query's words marked, and the other stored fields as the card's fields.
// Search and the recommenders build their hits here.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analyzers/analyzer.h"

namespace chanjiao::search {

struct Hit {
  std::string id;
  std::string type;
  std::string title;
  std::string title_html;
  std::string snippet_html;
  double score = 0;
  // Found by the recall safety net: matches some of the query's words or
  // parts of them, not all of them.
  bool partial = false;
  // The stored document's other fields (a JSON object: everything but id,
  // type, title and body), the key fields of a result card.
  std::string fields_json;
};

// The hit for `doc`, title and snippet marked with `highlight_words`
// (normalised words). A document whose data is not a JSON object gives a
// hit with an empty id, which callers skip.
Hit make_hit(const analysis::Analyzer& analyzer, const Xapian::Document& doc, double score,
             const std::vector<std::string>& highlight_words);

}  // namespace chanjiao::search
