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

-- response() and done(): bench/wrk/batches.lua, beside this script.
local batches = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "batches.lua")
local threads = batches.threads

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
