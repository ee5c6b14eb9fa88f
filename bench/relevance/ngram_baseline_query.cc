// Query-only side of the FLAG_CJK_NGRAM baseline for bench/relevance/evaluate.py:
// runs each query of standard input against an index made by
// bench/ngram_baseline_index exactly as bench/ngram_baseline_server does
// (QueryParser with FLAG_DEFAULT | FLAG_CJK_NGRAM, default AND, `title:` → S),
// without HTTP and without the server's 50-result page limit, so Recall@100
// can be measured. `--default-op or` makes a query match any of its terms
// (bench/relevance/qbqtc.py measures both modes); AND stays the default, the
// server's setting. Xapian 1.4's QueryParser ANDs the n-grams of a run of CJK
// characters whatever the default operator (Term::as_cjk_query), so OR via
// set_default_op alone would only OR words separated by spaces, and most short
// Chinese queries have none: OR mode therefore ORs every term of the parsed
// query (each unigram, bigram and Latin word once), ranked by BM25.
//
//   ngram_baseline_query --index DIR [--size 100] [--default-op and|or] < queries.txt
//
// One query per input line; one JSON object per output line, in order:
//   {"ids":["doc id", ...]}               best first, at most --size
//   {"ids":[],"error":"..."}              the query does not parse (the server's 400)
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <xapian.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

std::string json_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// Every distinct term of `query`, ORed: matches a document sharing any of them.
Xapian::Query any_term(const Xapian::Query& query) {
  std::vector<Xapian::Query> terms;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
    terms.emplace_back(*t);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  int size = 100;
  std::string default_op = "and";
  bool ok = argc % 2 == 1;
  for (int i = 1; ok && i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--index") {
      index = argv[i + 1];
    } else if (flag == "--size") {
      size = std::atoi(argv[i + 1]);
    } else if (flag == "--default-op") {
      default_op = argv[i + 1];
    } else {
      ok = false;
    }
  }
  if (!ok || index.empty() || size < 1 || (default_op != "and" && default_op != "or")) {
    std::cerr << "usage: ngram_baseline_query --index DIR [--size 100] [--default-op and|or]"
                 " < queries.txt\n";
    return 2;
  }
  try {
    Xapian::Database db(index);
    Xapian::Enquire enquire(db);
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_default_op(default_op == "or" ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    parser.add_prefix("title", "S");
    std::string line;
    while (std::getline(std::cin, line)) {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
      w.StartObject();
      w.Key("ids");
      w.StartArray();
      std::string error;
      try {
        Xapian::Query query = parser.parse_query(
            line, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
        if (default_op == "or") query = any_term(query);
        enquire.set_query(query);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(size));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          rapidjson::Document doc;
          std::string data = it.get_document().get_data();
          doc.Parse(data.c_str());
          if (!doc.IsObject()) continue;
          std::string id = json_string(doc, "id");
          w.String(id.c_str(), static_cast<rapidjson::SizeType>(id.size()));
        }
      } catch (const Xapian::QueryParserError& e) {
        error = e.get_msg();
      }
      w.EndArray();
      if (!error.empty()) {
        w.Key("error");
        w.String(error.c_str(), static_cast<rapidjson::SizeType>(error.size()));
      }
      w.EndObject();
      std::cout << buffer.GetString() << std::endl;
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "ngram_baseline_query: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
