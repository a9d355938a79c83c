-- wrk script for the benchmark (bench/driver.py runs it):
--   wrk -t T -c C -d Ds -s bench/wrk.lua URL -- REQUESTS_FILE DELAY_MS START THREADS
-- REQUESTS_FILE holds pairs of lines: a bearer token, then a one-line JSON body. Each thread's
-- connections send them in turn, the thread starting at START plus its share of the list
-- (THREADS threads: thread i at START + i * (N / THREADS + 7)), so requests rotate across
-- users and no two threads send the same request about the same time. DELAY_MS > 0 waits
-- that long on average before each request (a low rate for writes).
-- A response that is not 200 or carries "errors" counts as an error. `done` prints one line,
-- "BENCH {json}", with the counts and latency percentiles in microseconds, and "walked": the
-- most requests one thread sent (where the next run of the same list starts); before it, each
-- thread's first error as "ERROR <status> <body from its "errors" on>".

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local requests = {}
local position = 0
local pause = 0
errors = 0
sent = 0
sample = ""

function init(args)
  local file = assert(io.open(args[1], "r"))
  local path = wrk.path
  while true do
    local token, body = file:read("*l"), file:read("*l")
    if not token or not body then break end
    local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
    table.insert(requests, wrk.format("POST", path, headers, body))
  end
  file:close()
  pause = tonumber(args[2] or "0")
  local start, count = tonumber(args[3] or "0"), tonumber(args[4] or "1")
  -- 7 more per thread: when half the list is whole rounds of the users (480 Boards, 48 users),
  -- both threads would otherwise send the same user's request at the same moments
  position = (start + id * (math.floor(#requests / count) + 7)) % #requests
end

function request()
  sent = sent + 1
  position = position % #requests + 1
  return requests[position]
end

function delay()
  -- random around the mean, so connections do not stay in step and burst together
  if pause > 0 then return math.random(0, 2 * pause) end
  return 0
end

function response(status, headers, body)
  local at = string.find(body, '"errors"', 1, true)
  if status ~= 200 or at then
    errors = errors + 1
    if sample == "" then sample = status .. " " .. string.sub(body, at or 1, (at or 1) + 400) end
  end
end

function done(summary, latency, _)
  local graphql_errors, walked = 0, 0
  for _, thread in ipairs(threads) do
    graphql_errors = graphql_errors + thread:get("errors")
    walked = math.max(walked, thread:get("sent"))
    local first = thread:get("sample")
    if first ~= "" then io.write("ERROR ", (string.gsub(first, "\n", " ")), "\n") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "walked": %d}\n',
    summary.requests, summary.duration, graphql_errors,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, walked))
end
