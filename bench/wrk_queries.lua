-- wrk script for bench/search_bench.sh: cycles through a query file, one
-- GET /api/v1/search?q=...&size=10 per request (a line is the text of q, or
-- a whole query string starting with "?": bench/make_queries.py), and prints a summary line
-- that search_bench.sh parses.
--
--   wrk -t2 -c8 -d10s -s bench/wrk_queries.lua http://127.0.0.1:8080 -- bench/queries.txt
--
-- Each wrk thread starts at a different offset in the file so that threads
-- do not ask the same query at the same moment. Latency is wrk's own
-- (time from sending a request to reading its whole response).

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local function url_encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
local next_index = 1

function init(args)
  local file = args[1] or "bench/queries.txt"
  for line in io.lines(file) do
    line = line:gsub("^%s+", ""):gsub("%s+$", "")
    if line:sub(1, 1) == "?" then  -- a URL query string (bench/make_queries.py)
      table.insert(paths, "/api/v1/search" .. line .. "&size=10")
    elseif line ~= "" and line:sub(1, 1) ~= "#" then  -- the text of q
      table.insert(paths, "/api/v1/search?q=" .. url_encode(line) .. "&size=10")
    end
  end
  if #paths == 0 then error("no queries in " .. file) end
  local n = thread_index or 0
  next_index = (n * 37) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT qps=%.1f requests=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "mean_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
