-- wrk script: POST /entries/ forms with a new name and number each time (writers.sh, workers.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format(nil, nil, nil, "name=entry" .. counter .. "&number=" .. counter)
end
