-- wrk script for the spreadsheet upload scenarios (i: CSV, j: xlsx): POST /api/v1/submissions with a 10,000-row sheet
-- as it is, the two versions A and B in turn (bench/Indicators.Bench/Sheets.cs), so that every upload changes all
-- 10,000 values and writes 10,000 revisions. Run with one connection: what is measured is how long one province's
-- sheet takes to be accepted.
--   BENCH_KEY          an admin key
--   BENCH_SHEET_A/B    the two files
--   BENCH_SHEET_TYPE   their Content-Type
local key = os.getenv("BENCH_KEY")

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

local bodies = { slurp(os.getenv("BENCH_SHEET_A")), slurp(os.getenv("BENCH_SHEET_B")) }

wrk.method = "POST"
wrk.headers["X-Api-Key"] = key
wrk.headers["Content-Type"] = os.getenv("BENCH_SHEET_TYPE")
wrk.headers["Accept"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  not201 = 0
  written = 0
  unchanged = 0
end

function request()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[n % 2 + 1])
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
    "RESULT requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f not_ok=%d socket_errors=%d written=%d unchanged=%d values_per_s=%.0f\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout, w, u, w / seconds))
end
