-- wrk prints the 50th, 75th, 90th and 99th percentiles; the benchmark wants the 95th too,
-- and everything on one line that bench.py can read.
--
-- With WRK_NEW_ADDRESS_PAGES=N in the environment, every request goes to a new address:
-- pages 1 to N of the URL in turn, each with a request number used once, so the load
-- covers every page of the list rather than the first alone.
local pages = tonumber(os.getenv("WRK_NEW_ADDRESS_PAGES") or "")
if pages then
  local thread_number = 0
  setup = function(thread)
    thread_number = thread_number + 1
    thread:set("thread_number", thread_number)
  end
  local sent = 0
  request = function()
    sent = sent + 1
    local path = string.format(
      "%s?page=%d&request=%d-%d", wrk.path, sent % pages + 1, thread_number, sent
    )
    return wrk.format(nil, path)
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d mean_us=%.0f "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency.mean,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout
  ))
end
