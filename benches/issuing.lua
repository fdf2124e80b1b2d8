-- wrk script: issues the rows of one approved list, each row once.
-- Arguments after `--`: TOKEN LIST_ID FIRST_ROW LAST_ROW
local threads = {}
local token, list_id, first_row, last_row, stride, next_row
issued, last_at = 0, 0

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  token, list_id = args[1], args[2]
  first_row, last_row = tonumber(args[3]), tonumber(args[4])
  stride = tonumber(args[5])
  next_row = first_row + thread_id
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.body = '{"received_by":"recipient"}'
end

function request()
  if next_row > last_row then
    return wrk.format("GET", "/health", {}, "")
  end
  local row = next_row
  next_row = next_row + stride
  return wrk.format(nil, string.format("/api/v1/distribution-lists/%s/rows/%d/issue", list_id, row))
end

function response(status, headers, body)
  if status == 200 and #body > 100 then
    issued = issued + 1
    last_at = os.time()
  end
end

function done(summary, latency, requests)
  local total, finished = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("issued")
    finished = math.max(finished, thread:get("last_at"))
  end
  io.write(string.format("rows issued: %d, last at %d\n", total, finished))
end
