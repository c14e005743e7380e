-- wrk script for the ingest scenario: POST /api/v1/submissions with batches of 1,000 values, every batch
-- distinct and every value different from the one stored, so each batch writes 1,000 revisions.
--
-- Batch b (numbered across threads: b = n * BENCH_THREADS + thread) covers indicator BI(b % 100 + 1),
-- the 10 months (b / 100) % 12 * 10 .. +9 of 2015-M01..2024-M12, for the 100 children BENCH-D001..D100
-- (the dataset's scheme, see bench/Indicators.Bench/Dataset.cs). Values are whole numbers 1..90, valid for
-- every indicator (decimals 0..2, min 0, max 100 for rates); round r = b / 1200 + BENCH_ROUND shifts them by 7,
-- so a key written twice gets a new value each time.
--   BENCH_KEY      an admin key (writes for any unit)
--   BENCH_THREADS  wrk's -t, so the batch numbers do not collide
--   BENCH_ROUND    offset of the rounds (the warm-up uses another one than the measured run)
local key = os.getenv("BENCH_KEY")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local round0 = tonumber(os.getenv("BENCH_ROUND") or "0")

wrk.method = "POST"
wrk.headers["X-Api-Key"] = key
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local statuses = { "official", "preliminary", "estimate" }

function init(args)
  n = 0
  not201 = 0
  written = 0
  unchanged = 0
  items = {}
end

function request()
  local b = n * nthreads + tid
  n = n + 1
  local indicator = string.format("BI%03d", b % 100 + 1)
  local chunk = math.floor(b / 100) % 12
  local round = math.floor(b / 1200) + round0
  local status = statuses[round % 3 + 1]
  local k = 0
  for mi = chunk * 10, chunk * 10 + 9 do
    local period = string.format("%d-M%02d", 2015 + math.floor(mi / 12), mi % 12 + 1)
    local prefix = '{"indicator":"' .. indicator .. '","orgUnit":"BENCH-D'
    local suffix = '","period":"' .. period .. '","status":"' .. status .. '","value":'
    for c = 1, 100 do
      k = k + 1
      items[k] = string.format('%s%03d%s%d}', prefix, c, suffix, 1 + (round * 7 + c + mi) % 90)
    end
  end
  return wrk.format(nil, nil, nil, '{"values":[' .. table.concat(items, ",", 1, k) .. ']}')
end

function response(status, headers, body)
  if status ~= 201 then
    not201 = not201 + 1
    if not201 == 1 then
      io.stderr:write("first answer other than 201: " .. status .. " " .. string.sub(body or "", 1, 500) .. "\n")
    end
    return
  end
  local created = tonumber(string.match(body, '"created"%s*:%s*(%d+)') or "0")
  local updated = tonumber(string.match(body, '"updated"%s*:%s*(%d+)') or "0")
  written = written + created + updated
  unchanged = unchanged + tonumber(string.match(body, '"unchanged"%s*:%s*(%d+)') or "0")
end

function done(summary, latency, requests)
  local bad, w, u = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("not201") or 0)
    w = w + (t:get("written") or 0)
    u = u + (t:get("unchanged") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f not_ok=%d socket_errors=%d written=%d unchanged=%d values_per_s=%.0f\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout, w, u, w / seconds))
end
