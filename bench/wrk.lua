-- wrk's requests for the bench: each comes from one of many visitors, as the
-- portal's proxy reports them (X-Forwarded-For, with TRUSTED_PROXIES=1), so
-- the per-client rate limits are measured rather than switched off.
--
-- wrk [options] -s bench/wrk.lua URL -- CLIENTS [PATHS_FILE]
--   CLIENTS     how many visitor addresses (127.x.y.z) the requests spread over
--   PATHS_FILE  one path per line, taken in turn (each thread from its own
--               place); without it every request asks for URL's own path
--
-- At the end it prints one line, "BENCH {json}", with the status counts: wrk's
-- own report counts a deliberate 429 among its "Non-2xx" errors.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   clients = tonumber(args[1] or "1000")
   paths = {}
   if args[2] then
      for line in io.lines(args[2]) do
         if line ~= "" then table.insert(paths, line) end
      end
   end
   if #paths == 0 then paths = { wrk.path } end
   n = id * 7919
   ok, limited, failed, other = 0, 0, 0, 0
end

function request()
   n = n + 1
   local path = paths[n % #paths + 1]
   local visitor = (n * 2654435761) % clients
   local address = string.format("127.%d.%d.%d", 1 + math.floor(visitor / 65536) % 254,
                                 math.floor(visitor / 256) % 256, 1 + visitor % 254)
   return wrk.format("GET", path, { ["X-Forwarded-For"] = address })
end

function response(status, headers, body)
   if status < 400 then
      ok = ok + 1
   elseif status == 429 then
      limited = limited + 1
   elseif status >= 500 then
      failed = failed + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local totals = { ok = 0, limited = 0, failed = 0, other = 0 }
   for _, thread in ipairs(threads) do
      for key, _ in pairs(totals) do
         totals[key] = totals[key] + thread:get(key)
      end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH {"requests": %d, "seconds": %.3f, "ok": %d, "limited": %d, "server_errors": %d, '
         .. '"client_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, '
         .. '"p50_ms": %.2f, "p99_ms": %.2f}\n',
      summary.requests, summary.duration / 1e6, totals.ok, totals.limited, totals.failed,
      totals.other, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
