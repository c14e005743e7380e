-- What the write scenarios' wrk scripts share (ingest.lua, sheet.lua): each answer's receipt counted per thread
-- (created + updated = written, unchanged), any answer but 201 counted and the first one shown, and done() printing the
-- RESULT line bench/run reads. A script loads it with dofile (wrk keeps these functions as its globals) and keeps the
-- thread list it returns in its setup().
local batches = { threads = {} }

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
  for _, t in ipairs(batches.threads) do
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

return batches
