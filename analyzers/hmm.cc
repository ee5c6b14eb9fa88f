#include "analyzers/hmm.h"

#include <fstream>
#include <sstream>

namespace chanjiao::analysis {
namespace {

constexpr double kMinLogProb = -3.14e100;

int state_index(const std::string& s) {
  if (s == "B") return 0;
  if (s == "E") return 1;
  if (s == "M") return 2;
  if (s == "S") return 3;
  return -1;
}

}  // namespace

Status HmmModel::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open HMM model " + path);
  for (auto& row : trans_) row.fill(kMinLogProb);
  start_.fill(kMinLogProb);
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::istringstream fields(line);
    std::string kind, a, b;
    double logp = 0;
    bool ok = false;
    if (std::getline(fields, kind, '\t') && std::getline(fields, a, '\t')) {
      int sa = state_index(a);
      if (kind == "start" && fields >> logp && sa >= 0) {
        start_[sa] = logp;
        ok = true;
      } else if ((kind == "trans" || kind == "emit") && std::getline(fields, b, '\t') &&
                 fields >> logp && sa >= 0) {
        if (kind == "trans" && state_index(b) >= 0) {
          trans_[sa][state_index(b)] = logp;
          ok = true;
        } else if (kind == "emit") {
          std::vector<CodePoint> cps = decode_utf8(b);
          if (cps.size() == 1) {
            emit_[sa][cps[0].value] = logp;
            ok = true;
          }
        }
      }
    }
    if (!ok) {
      return Status::invalid_argument(path + ":" + std::to_string(line_number) +
                                      ": malformed HMM line");
    }
  }
  return Status::ok();
}

double HmmModel::emit(int state, char32_t c) const {
  auto it = emit_[state].find(c);
  return it == emit_[state].end() ? kMinLogProb : it->second;
}

std::vector<size_t> HmmModel::cut(const std::vector<CodePoint>& cps, size_t begin,
                                  size_t end) const {
  // Which states may precede each state (B and S start words, M and E continue).
  static constexpr int kPrev[4][2] = {{kE, kS}, {kB, kM}, {kM, kB}, {kS, kE}};
  const size_t n = end - begin;
  std::vector<std::array<double, 4>> score(n);
  std::vector<std::array<int, 4>> back(n);
  for (int s = 0; s < 4; ++s) score[0][s] = start_[s] + emit(s, cps[begin].value);
  for (size_t t = 1; t < n; ++t) {
    for (int s = 0; s < 4; ++s) {
      double best = -1e308;
      int best_prev = kPrev[s][0];
      for (int p : kPrev[s]) {
        double v = score[t - 1][p] + trans_[p][s];
        if (v > best) {
          best = v;
          best_prev = p;
        }
      }
      score[t][s] = best + emit(s, cps[begin + t].value);
      back[t][s] = best_prev;
    }
  }
  int state = score[n - 1][kE] >= score[n - 1][kS] ? kE : kS;
  std::vector<int> states(n);
  for (size_t t = n; t-- > 0;) {
    states[t] = state;
    if (t > 0) state = back[t][state];
  }
  std::vector<size_t> lengths;
  size_t word_start = 0;
  for (size_t t = 0; t < n; ++t) {
    if (states[t] == kE || states[t] == kS || t + 1 == n) {
      lengths.push_back(t + 1 - word_start);
      word_start = t + 1;
    }
  }
  return lengths;
}

}  // namespace chanjiao::analysis
