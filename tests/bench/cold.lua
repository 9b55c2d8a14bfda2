-- wrk: every request of a run another access decision. Request k of the
-- run (k counts from BENCH_OFFSET, the threads taking turns) is person
-- u(BENCH_FIRST + k mod BENCH_PEOPLE) on account host
-- a(2 + floor(k / BENCH_PEOPLE) mod 9999): no (person, host) pair comes
-- twice until k has gone round BENCH_PEOPLE * 9999. The runner moves the
-- offset on after each run, so that a round does not ask what an earlier
-- one left in the cache.
--
-- The people are few (200) because mod_authn_file reads its file line
-- by line on every request: a long file would make authentication, not
-- the decision, what is measured.
--
-- Environment: BENCH_PATH, BENCH_PEOPLE, BENCH_FIRST, BENCH_OFFSET,
-- BENCH_THREADS (wrk's -t); for a run of a fixed size, BENCH_STOP_AFTER
-- (answers in all, shared by the threads) and BENCH_DONE_FILE (a line
-- for each thread that has had its share; wrk itself only stops at -d).
-- done() prints one line, "bench-cold: answered N forbidden N other N
-- next K", K being the offset for the next run.
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

local people = tonumber(os.getenv('BENCH_PEOPLE') or '200')
local first = tonumber(os.getenv('BENCH_FIRST') or '100001')
local offset = tonumber(os.getenv('BENCH_OFFSET') or '0')
local nthreads = tonumber(os.getenv('BENCH_THREADS') or '2')
local stop_after = tonumber(os.getenv('BENCH_STOP_AFTER') or '0')
local done_file = os.getenv('BENCH_DONE_FILE')
local path = os.getenv('BENCH_PATH') or '/member/static.txt'
local hosts = 9999

local auth = {}
for i = 0, people - 1 do
    auth[i] = 'Basic ' .. b64('u' .. (first + i) .. ':bench')
end

-- Runs in wrk's main Lua state; done() reads the threads' counters.
local threads = {}
function setup(thread)
    thread:set('id', #threads)
    table.insert(threads, thread)
end

function init(args)
    n = 0
    answered = 0
    forbidden = 0
    other = 0
    -- Thread 0 takes what does not divide evenly.
    share = 0
    if stop_after > 0 then
        share = math.floor(stop_after / nthreads)
        if id == 0 then
            share = share + stop_after % nthreads
        end
    end
end

function request()
    local k = offset + id + nthreads * n
    n = n + 1
    local host = 2 + math.floor(k / people) % hosts
    return wrk.format('GET', path, {
        Host = 'a' .. host .. '.scale.test',
        Authorization = auth[k % people],
    })
end

function response(status)
    -- Answers that arrive after a thread's share (it stops at the end of
    -- the event loop's turn) are not counted.
    if share > 0 and answered >= share then
        return
    end
    answered = answered + 1
    if status == 403 then
        forbidden = forbidden + 1
    elseif status > 399 then
        other = other + 1
    end
    if share > 0 and answered == share then
        if done_file then
            local f = io.open(done_file, 'a')
            f:write(id, '\n')
            f:close()
        end
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    local a, f, o, next = 0, 0, 0, offset
    for _, t in ipairs(threads) do
        a = a + t:get('answered')
        f = f + t:get('forbidden')
        o = o + t:get('other')
        next = math.max(next, offset + t:get('id') + nthreads * t:get('n'))
    end
    io.write(string.format(
        'bench-cold: answered %d forbidden %d other %d next %d\n',
        a, f, o, next))
end
