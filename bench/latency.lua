-- wrk prints these after a run: latency percentiles in milliseconds, the count of
-- non-2xx/3xx answers, and socket errors (connect, read, write, timeout), in one
-- line the Python benches parse.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH p50=%.2f p95=%.2f p99=%.2f requests=%d status=%d socket=%d (connect %d read %d write %d timeout %d)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
end

-- With WRK_SPREAD_ADDRESSES set, each request comes "through the proxy" from another
-- citizen's address (X-Forwarded-For, read when the server has PROXY_COUNT=1), so
-- per-address rate counters are spread as under real load, not one hot key.
if os.getenv("WRK_SPREAD_ADDRESSES") then
  request = function()
    wrk.headers["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
    return wrk.format()
  end
end
