// CPU cost of the search path without HTTP: runs every query of a query file
// through Searcher::search (the call the server makes) in one thread and
// prints the thread CPU time per query. A line is the text of q, or a whole
// query string starting with "?" (bench/make_queries.py), parsed by the
// server's own parse_search_request. CPU time, not wall time, so the
// figure holds on a busy machine; use it to compare two builds of the
// search code, and bench/search_bench.sh for throughput and latency.
//
//   search_cpu --index ROOT [--queries bench/queries.txt] [--rounds 5] [--dump FILE]
//
// --dump writes what each query answered (total, exactness, full matches,
// the hits' ids and partial flags, every facet), one line per query, so two
// builds can be checked to answer alike (diff the files) before their costs
// are compared.
//
// Prints one line per query (median CPU ms over the rounds, total matches)
// sorted by cost, then the median and mean over all queries.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "indexer/index_layout.h"
#include "search/facet_table.h"
#include "search/searcher.h"
#include "server/search_routes.h"

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  return queries;
}

// The request a line of the query file stands for.
chanjiao::Result<chanjiao::search::SearchRequest> request_of(const std::string& line) {
  if (line[0] != '?') {
    chanjiao::search::SearchRequest request;
    request.q = line;
    return request;
  }
  httplib::Request req;
  httplib::detail::parse_query_text(line.substr(1), req.params);
  return chanjiao::server::parse_search_request(req);
}

// What a query answered, on one line (--dump).
std::string answer_line(const std::string& query, const chanjiao::search::SearchResult& r) {
  std::string line = query + "\ttotal=" + std::to_string(r.total) +
                     (r.total_exact ? " exact" : " estimated") +
                     " full=" + std::to_string(r.full_matches) + (r.relaxed ? " relaxed" : "") +
                     "\thits=";
  for (const auto& hit : r.hits) {
    char score[32];
    std::snprintf(score, sizeof score, ":%.4f", hit.score);
    line += hit.id + score + (hit.partial ? "~ " : " ");
  }
  line += "\tfacets=";
  for (const auto& [name, values] : r.facets) {
    line += name + ":";
    for (const auto& v : values) line += v.value + "=" + std::to_string(v.count) + ",";
    line += " ";
  }
  return line;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, queries_path = "bench/queries.txt", dump_path;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--index")
      index = argv[i + 1];
    else if (flag == "--queries")
      queries_path = argv[i + 1];
    else if (flag == "--rounds")
      rounds = std::max(1, std::stoi(argv[i + 1]));
    else if (flag == "--dump")
      dump_path = argv[i + 1];
  }
  if (index.empty()) {
    std::cerr << "usage: search_cpu --index ROOT [--queries FILE] [--rounds N]\n";
    return 2;
  }
  auto analyzer = chanjiao::analysis::Analyzer::load();
  if (!analyzer.is_ok()) {
    std::cerr << "search_cpu: " << analyzer.status().message() << '\n';
    return 1;
  }
  auto live = chanjiao::index::IndexLayout(index).current();
  if (!live.is_ok()) {
    std::cerr << "search_cpu: " << live.status().message() << '\n';
    return 1;
  }
  std::vector<std::string> queries = read_queries(queries_path);
  if (queries.empty()) {
    std::cerr << "search_cpu: no queries in " << queries_path << '\n';
    return 1;
  }
  Xapian::Database db(live.value());
  // What a new index revision costs the first search that sees it.
  double load_start = thread_cpu_ms();
  auto table = chanjiao::search::FacetTable::load(db);
  std::cout << "facet table: " << db.get_doccount() << " documents loaded in "
            << thread_cpu_ms() - load_start << " ms CPU\n";
  chanjiao::search::Searcher searcher(*analyzer.value(), db);

  struct Cost {
    std::string query;
    double ms;
    Xapian::doccount total;
  };
  std::vector<Cost> costs;
  std::vector<std::vector<double>> samples(queries.size());
  std::vector<Xapian::doccount> totals(queries.size());
  std::vector<std::string> answers(queries.size());
  for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
    for (size_t i = 0; i < queries.size(); ++i) {
      auto request = request_of(queries[i]);
      if (!request.is_ok()) {
        std::cerr << "search_cpu: " << queries[i] << ": " << request.status().message() << '\n';
        return 1;
      }
      double start = thread_cpu_ms();
      auto result = searcher.search(request.value());
      double ms = thread_cpu_ms() - start;
      if (!result.is_ok()) {
        std::cerr << "search_cpu: " << queries[i] << ": " << result.status().message() << '\n';
        return 1;
      }
      totals[i] = result->total;
      if (round == 0) answers[i] = answer_line(queries[i], result.value());
      if (round > 0) samples[i].push_back(ms);
    }
  }
  if (!dump_path.empty()) {
    std::ofstream dump(dump_path);
    for (const std::string& line : answers) dump << line << '\n';
  }
  for (size_t i = 0; i < queries.size(); ++i)
    costs.push_back({queries[i], median(samples[i]), totals[i]});
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.ms > b.ms; });
  std::vector<double> all;
  for (const Cost& c : costs) {
    std::cout << c.ms << " ms\t" << c.total << "\t" << c.query << '\n';
    all.push_back(c.ms);
  }
  double mean = std::accumulate(all.begin(), all.end(), 0.0) / all.size();
  std::cout << "queries " << all.size() << "  rounds " << rounds << "  cpu_ms median "
            << median(all) << "  mean " << mean << '\n';
  return 0;
}
