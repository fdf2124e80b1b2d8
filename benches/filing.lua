-- wrk script: files a 3-member application per request, authenticated.
-- Every request is a different household (names, birth dates and document
-- numbers and plots vary), as in a real intake, so the duplicate check
-- finds nothing: since a repeated plot is a possible double claim (issue
-- 16), each household has its own plot number.
-- Birth dates spread as in a town: adults' over 20,000 days, children's
-- (under 14, with a birth certificate) over the last 5,000. Crowded into
-- 3,000 days, children shared a birthday three times as often as adults,
-- and the duplicate check's look-up by birth date grew with them.
-- Arguments after `--`: TOKEN EVENT_ID [FIRST], FIRST (default 0) offsetting
-- the households, so that a second run files new ones.
local threads = 0
local token, event_id
local counter = 0
-- One three-letter syllable per digit: two different numbers give names at
-- least three letters apart, beyond the fuzzy match's reach. Any two
-- syllables differ in all three letters, and the three positions draw on
-- disjoint letters, so no shift lines two names up more closely.
local syllables = { "бар", "вес", "гит", "доф", "жух", "зыц", "кэч", "люш", "мящ", "нйп" }

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function init(args)
  token = args[1]
  event_id = args[2]
  -- Below a million for both threads (FIRST below 250,000, runs under
  -- 250,000 requests a thread), so that `% 1000000` below keeps every
  -- document number distinct.
  counter = (thread_id or 0) * 500000 + (tonumber(args[3]) or 0)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- A name suffix spelling the number in syllables.
local function suffix(n)
  local s = ""
  repeat
    s = s .. syllables[(n % 10) + 1]
    n = math.floor(n / 10)
  until n == 0
  return s
end

-- `days` after the first of January of `year`, as YYYY-MM-DD.
local function date(year, days)
  local t = os.time({ year = year, month = 1, day = 1, hour = 12 }) + days * 86400
  return os.date("!%Y-%m-%d", t)
end

-- `days` before now, as YYYY-MM-DD.
local function days_ago(days)
  return os.date("!%Y-%m-%d", os.time() - days * 86400)
end

local function passport(series, number)
  return string.format([[{"type":"passport_rf","series":"%s","number":"%06d","issued_on":"2015-06-01","issued_by":"УФМС","subdivision_code":"280-001"}]], series, number % 1000000)
end

function request()
  counter = counter + 1
  local n, s = counter, suffix(counter)
  local body = string.format([[{"event_id":%s,"channel":"in_person","applicant_phone":"8 914 123-45-67",
"postal_address":"г. Благовещенск, ул. Зейская, д. 1","property_address":"СНТ Берёзка, уч. %d",
"plot_area_sotka":"6.5","crops_lost":["картофель","капуста","морковь"],"loss_extent":"full",
"description":"Урожай погиб","consent_personal_data":true,"members":[
{"last_name":"Иванова","first_name":"Алёна%s","patronymic":"Петровна","birth_date":"%s","relationship":"applicant","document":%s,"registered_at_property":true,"lives_at_property":true},
{"last_name":"Иванов","first_name":"Пётр%s","patronymic":"Ильич","birth_date":"%s","relationship":"spouse","document":%s,"registered_at_property":true,"lives_at_property":true},
{"last_name":"Иванова","first_name":"Дарья%s","birth_date":"%s","relationship":"child","document":{"type":"birth_certificate","series":"III-ОТ","number":"%06d","issued_on":"%s"},"registered_at_property":true,"lives_at_property":true}]}]],
    event_id, n, s, date(1950, n % 20000), passport("1005", n), s, date(1951, n % 20000), passport("1006", n), s,
    days_ago(31 + n % 5000), n % 1000000, days_ago(1 + n % 5000))
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
