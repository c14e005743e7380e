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

-- response() and done(): bench/wrk/batches.lua, beside this script.
local batches = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "batches.lua")
local threads = batches.threads
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
