-- wrk's script for bench/wrk_load.py: one page again and again, each connection with one of
-- the sessions made before the load (Cookie headers in BENCH_COOKIES, separated by "\n"), and
-- anything but 200 counted as a failure (wrk itself counts only 4xx and 5xx: a redirect to
-- /login would pass). At the end one JSON line with the figures, p95 included.
local cookies = {}
for line in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^\n]+") do
  table.insert(cookies, line)
end
local threads, number = {}, 0

function setup(thread)
  number = number + 1
  thread:set("id", number)
  table.insert(threads, thread)
end

function init(args)
  failures, statuses = 0, {}
  if #cookies > 0 then
    wrk.headers["Cookie"] = cookies[(id - 1) % #cookies + 1]
  end
  request_text = wrk.format("GET", os.getenv("BENCH_PATH"))
end

function request()
  return request_text
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local failed, counts, seen = 0, {}, {}
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  for status, count in pairs(counts) do
    seen[#seen + 1] = string.format('"%d ×%d"', status, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"n": %d, "seconds": %.3f, "median_ms": %.2f, "p95_ms": %.2f, "mean_ms": %.2f, ' ..
    '"failures": %d, "socket_errors": %d, "statuses": [%s]}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency.mean / 1000,
    failed + errors.connect + errors.read + errors.write + errors.timeout,
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(seen, ", ")))
end
