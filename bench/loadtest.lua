-- wrk script for `make loadtest`: readers fetching random pages from a file of paths (one a
-- line, the first argument after --), each page checked for the canary word that editors'
-- never-approved drafts carry (the second argument). With a third argument "unique", each
-- request's address is made unique (a nocache parameter), so that no cache answers it.
-- Prints one line, "LOADTEST {json}", that bench/loadtest.py reads.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  canary = args[2]
  unique = args[3] == "unique"
  counter = 0
  leaks = 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  local path = paths[math.random(#paths)]
  if unique then
    counter = counter + 1
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "nocache=" .. id .. "x" .. counter
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if body and string.find(body, canary, 1, true) then
    leaks = leaks + 1
  end
end

function done(summary, latency, requests)
  local leak_count = 0
  for _, thread in ipairs(threads) do
    leak_count = leak_count + thread:get("leaks")
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "errors": %d, "non_2xx_3xx": %d, "leaks": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    leak_count))
end
