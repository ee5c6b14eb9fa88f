// Baseline for the search benchmark: an index made by ngram_baseline_index,
// served the way a team using only Xapian 1.4's built-in Chinese support
// would: QueryParser with FLAG_CJK_NGRAM, default AND, `title:` for the title
// field, MSet::snippet with SNIPPET_CJK_NGRAM. The HTTP side matches
// chanjiao-server's settings (TCP_NODELAY, a pool of N worker threads, one
// Database + Enquire per worker, keep-alive of 100 requests / 5 s) so the
// comparison measures the search, not the server.
//
//   ngram_baseline_server --index DIR [--port 8081] [--threads 8]
//
//   GET /api/v1/search?q=TEXT&size=10
//     200 {"query","total","hits":[{"id","title","snippet_html"}],"took_ms"}
//     400 {"error":{"code":"bad_request","message":...}} for a query Xapian
//         cannot parse (1.4.22 throws on `Java 开发 Python`) or a bad size.
//
// `total` is Xapian's estimate (get_mset(0, size) with the default
// checkatleast), which is what such a baseline would show.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <xapian.h>

#include <httplib.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

namespace {

using Clock = std::chrono::steady_clock;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr int kMaxPageSize = 50;
// chanjiao-server cuts snippets at 120 characters; Xapian counts bytes, and
// a Chinese character is 3 bytes in UTF-8.
constexpr size_t kSnippetBytes = 360;

struct Options {
  std::string index;
  int port = 8081;
  int threads = 8;
};

// One per worker thread: Xapian objects are not thread-safe.
struct ThreadSearcher {
  std::unique_ptr<Xapian::Database> db;
  std::unique_ptr<Xapian::Enquire> enquire;
  Xapian::QueryParser parser;
};

thread_local ThreadSearcher tls;

ThreadSearcher& thread_searcher(const std::string& index) {
  if (!tls.db) {
    tls.db = std::make_unique<Xapian::Database>(index);
    tls.enquire = std::make_unique<Xapian::Enquire>(*tls.db);
    tls.parser.set_database(*tls.db);
    tls.parser.set_default_op(Xapian::Query::OP_AND);
    tls.parser.add_prefix("title", "S");
  }
  return tls;
}

void write_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string json_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

void send_error(httplib::Response& res, int status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(status == 400 ? "bad_request" : "internal");
  w.Key("message");
  write_string(w, message);
  w.EndObject();
  w.EndObject();
  res.status = status;
  res.set_content(buffer.GetString(), buffer.GetSize(), "application/json; charset=utf-8");
}

void search(const std::string& index, const httplib::Request& req, httplib::Response& res) {
  auto start = Clock::now();
  std::string q = req.get_param_value("q");
  int size = 10;
  if (req.has_param("size")) {
    try {
      size = std::stoi(req.get_param_value("size"));
    } catch (const std::exception&) {
      size = 0;
    }
    if (size < 1 || size > kMaxPageSize)
      return send_error(res, 400, "size: expected an integer between 1 and 50");
  }
  ThreadSearcher& s = thread_searcher(index);
  Xapian::Query query;
  try {
    query = s.parser.parse_query(
        q, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
  } catch (const Xapian::QueryParserError& e) {
    return send_error(res, 400, "q: " + e.get_msg());
  }
  s.enquire->set_query(query);
  Xapian::MSet mset = s.enquire->get_mset(0, static_cast<Xapian::doccount>(size));

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("query");
  write_string(w, q);
  w.Key("total");
  w.Uint(mset.get_matches_estimated());
  w.Key("hits");
  w.StartArray();
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    rapidjson::Document doc;
    std::string data = it.get_document().get_data();
    doc.Parse(data.c_str());
    if (!doc.IsObject()) continue;
    std::string body = json_string(doc, "body");
    w.StartObject();
    w.Key("id");
    write_string(w, json_string(doc, "id"));
    w.Key("title");
    write_string(w, json_string(doc, "title"));
    w.Key("snippet_html");
    write_string(w, mset.snippet(body.empty() ? json_string(doc, "title") : body, kSnippetBytes,
                                 Xapian::Stem(), Xapian::MSet::SNIPPET_CJK_NGRAM |
                                                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                     Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                 "<mark>", "</mark>", "…"));
    w.EndObject();
  }
  w.EndArray();
  w.Key("took_ms");
  w.Double(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  w.EndObject();
  res.status = 200;
  res.set_content(buffer.GetString(), buffer.GetSize(), "application/json; charset=utf-8");
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    try {
      if (flag == "--index") o.index = value;
      else if (flag == "--port") o.port = std::stoi(value);
      else if (flag == "--threads") o.threads = std::stoi(value);
      else return false;
    } catch (const std::exception&) {
      return false;
    }
  }
  return argc % 2 == 1 && !o.index.empty() && o.threads >= 1 && o.port >= 0;
}

httplib::Server* g_server = nullptr;
void handle_signal(int) {
  if (g_server != nullptr) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::cerr << "usage: ngram_baseline_server --index DIR [--port 8081] [--threads 8]\n";
    return 2;
  }
  Xapian::doccount docs = 0;
  try {
    docs = Xapian::Database(options.index).get_doccount();
  } catch (const Xapian::Error& e) {
    std::cerr << "ngram_baseline_server: " << e.get_description() << '\n';
    return 1;
  }

  httplib::Server http;
  const size_t threads = static_cast<size_t>(options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(100);
  http.set_keep_alive_timeout(5);
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const Xapian::Error& e) {
      what = e.get_description();
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "error: " << req.path << ": " << what << '\n';
    send_error(res, 500, "internal error");
  });
  const std::string index = options.index;
  http.Get("/api/v1/search", [&index](const httplib::Request& req, httplib::Response& res) {
    search(index, req, res);
  });

  int port = options.port == 0 ? http.bind_to_any_port("127.0.0.1")
                               : (http.bind_to_port("127.0.0.1", options.port) ? options.port : -1);
  if (port <= 0) {
    std::cerr << "ngram_baseline_server: cannot listen on 127.0.0.1:" << options.port << '\n';
    return 1;
  }
  g_server = &http;
  std::signal(SIGINT, handle_signal);
  std::signal(SIGTERM, handle_signal);
  std::cout << "listening on http://127.0.0.1:" << port << " (" << docs << " documents)"
            << std::endl;
  http.listen_after_bind();
  return 0;
}
