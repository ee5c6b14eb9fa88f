// Query-only side of the FLAG_CJK_NGRAM baseline for bench/relevance/evaluate.py:
// runs each query of standard input against an index made by
// bench/ngram_baseline_index exactly as bench/ngram_baseline_server does
// (QueryParser with FLAG_DEFAULT | FLAG_CJK_NGRAM, default AND, `title:` → S),
// without HTTP and without the server's 50-result page limit, so Recall@100
// can be measured.
//
//   ngram_baseline_query --index DIR [--size 100] < queries.txt
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

namespace {

std::string json_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  int size = 100;
  bool ok = argc % 2 == 1;
  for (int i = 1; ok && i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--index") {
      index = argv[i + 1];
    } else if (flag == "--size") {
      size = std::atoi(argv[i + 1]);
    } else {
      ok = false;
    }
  }
  if (!ok || index.empty() || size < 1) {
    std::cerr << "usage: ngram_baseline_query --index DIR [--size 100] < queries.txt\n";
    return 2;
  }
  try {
    Xapian::Database db(index);
    Xapian::Enquire enquire(db);
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_AND);
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
        enquire.set_query(parser.parse_query(
            line, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM));
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
