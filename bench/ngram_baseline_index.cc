// Baseline for the indexing benchmark: the same JSONL records indexed with
// Xapian 1.4's built-in Chinese support (TermGenerator + FLAG_CJK_NGRAM), the
// way a team without our analyzers would. Same fields and weights as ours
// (title ×5 with prefix S, keywords ×3, org ×2, body ×1), stored data, one
// writer thread (TermGenerator is not thread-safe).
//
//   ngram_baseline_index OUT_DIR FILE.jsonl...
#include <rapidjson/document.h>
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <iostream>

namespace {

std::string field(const rapidjson::Value& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ngram_baseline_index OUT_DIR FILE.jsonl...\n";
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  uint64_t docs = 0, bytes = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i]);
    std::string line;
    while (std::getline(in, line)) {
      bytes += line.size() + 1;
      rapidjson::Document json;
      json.Parse(line.c_str());
      if (!json.IsObject()) continue;
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(field(json, "title"), 5);
      generator.index_text(field(json, "title"), 5, "S");
      generator.increase_termpos(100);
      if (auto it = json.FindMember("skills"); it != json.MemberEnd() && it->value.IsArray())
        for (auto& s : it->value.GetArray())
          if (s.IsString()) generator.index_text(s.GetString(), 3);
      for (const char* f : {"major", "industry", "region"}) generator.index_text(field(json, f), 3);
      generator.index_text(field(json, "org"), 2);
      generator.increase_termpos(100);
      generator.index_text(field(json, "body"), 1);
      doc.set_data(line);
      std::string id = "Q" + field(json, "id");
      doc.add_boolean_term(id);
      db.replace_document(id, doc);
      ++docs;
    }
  }
  db.commit();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "baseline FLAG_CJK_NGRAM: " << docs << " docs in " << seconds << " s, "
            << docs / seconds << " docs/s, " << bytes / seconds / 1e6 << " MB/s\n";
  return 0;
}
