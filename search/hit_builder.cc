#include "search/hit_builder.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "search/highlighter.h"

namespace chanjiao::search {
namespace {

constexpr size_t kSnippetChars = 120;

std::string json_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

Hit make_hit(const analysis::Analyzer& analyzer, const Xapian::Document& doc, double score,
             const std::vector<std::string>& highlight_words) {
  rapidjson::Document json;
  json.Parse(doc.get_data().c_str());
  if (!json.IsObject()) return Hit();
  Hit hit;
  Highlighter highlighter(analyzer, highlight_words);
  hit.id = json_string(json, "id");
  hit.type = json_string(json, "type");
  hit.title = json_string(json, "title");
  hit.title_html = highlighter.highlight(hit.title);
  hit.snippet_html = highlighter.snippet(json_string(json, "body"), kSnippetChars);
  hit.score = score;
  // The card fields from the document parsed here, so the response writer
  // does not parse it again. A series' observations are its data, not card
  // fields (GET /series/{id}).
  for (const char* shown_above : {"id", "type", "title", "body", "observations", "breaks"})
    if (auto m = json.FindMember(shown_above); m != json.MemberEnd()) json.EraseMember(m);
  rapidjson::StringBuffer fields;
  rapidjson::Writer<rapidjson::StringBuffer> writer(fields);
  json.Accept(writer);
  hit.fields_json.assign(fields.GetString(), fields.GetSize());
  return hit;
}

}  // namespace chanjiao::search
