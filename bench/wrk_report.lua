-- wrk prints the 50th, 75th, 90th and 99th percentiles; the benchmark wants the 95th too,
-- and everything on one line that bench.py can read.
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
