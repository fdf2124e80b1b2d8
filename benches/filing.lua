-- wrk script: files a 3-member application per request, authenticated.
-- Arguments after `--`: TOKEN EVENT_ID
local token, event_id

function init(args)
  token = args[1]
  event_id = args[2]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.body = [[{"event_id":]] .. event_id .. [[,"channel":"in_person","applicant_phone":"8 914 123-45-67",
"postal_address":"г. Благовещенск, ул. Зейская, д. 1","property_address":"СНТ Берёзка, уч. 5",
"plot_area_sotka":"6.5","crops_lost":["картофель","капуста","морковь"],"loss_extent":"full",
"description":"Урожай погиб","consent_personal_data":true,"members":[
{"last_name":"Иванова","first_name":"Алёна","patronymic":"Петровна","birth_date":"1980-05-01","relationship":"applicant",
 "document":{"type":"passport_rf","series":"1005","number":"123456","issued_on":"2015-06-01","issued_by":"УФМС","subdivision_code":"280-001"},
 "snils":"112-233-445 95","registered_at_property":true,"lives_at_property":true},
{"last_name":"Иванов","first_name":"Пётр","patronymic":"Ильич","birth_date":"1978-01-01","relationship":"spouse",
 "document":{"type":"passport_rf","series":"1006","number":"654321","issued_on":"2014-06-01","issued_by":"УФМС","subdivision_code":"280-001"},
 "registered_at_property":true,"lives_at_property":true},
{"last_name":"Иванова","first_name":"Дарья","birth_date":"2018-03-01","relationship":"child",
 "document":{"type":"birth_certificate","series":"III-ОТ","number":"111222","issued_on":"2018-03-20"},
 "registered_at_property":true,"lives_at_property":true}]}]]
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
