-- wrk: every request a different person on a different account's host.
local b64chars =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function b64(data)
    return ((data:gsub('.', function(x)
        local r, b = '', x:byte()
        for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0
                                      and '1' or '0') end
        return r
    end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
        if #x < 6 then return '' end
        local c = 0
        for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
        return b64chars:sub(c + 1, c + 1)
    end) .. ({ '', '==', '=' })[#data % 3 + 1])
end

local auth = {}
local people = tonumber(os.getenv('BENCH_PEOPLE') or '2000')
local first = tonumber(os.getenv('BENCH_FIRST') or '100001')
for i = 0, people - 1 do
    auth[i] = 'Basic ' .. b64('u' .. (first + i) .. ':bench')
end
local path = os.getenv('BENCH_PATH') or '/member/static.txt'
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
    local host = 'a' .. math.random(2, 10000) .. '.scale.test'
    return wrk.format('GET', path, {
        Host = host,
        Authorization = auth[math.random(0, people - 1)],
    })
end
