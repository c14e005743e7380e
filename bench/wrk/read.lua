-- wrk script for the read scenarios: sends the reader key and prints one machine-readable RESULT line
-- (bench/run parses it). No response() callback, so wrk does not keep bodies and the load generator
-- stays light on a machine it shares with the server; errors.status counts answers >= 400.
--   BENCH_KEY  the X-Api-Key to send (none for /health/live)
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["X-Api-Key"] = key
end
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f not_ok=%d socket_errors=%d bytes=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes))
end
