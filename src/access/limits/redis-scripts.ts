/**
 * The Redis store's two scripts. Each runs atomically in Redis, so replicas never read-then-write:
 * a request's every limit is checked and reserved in one step, or none is. The window arithmetic
 * is window.ts's, line for line; time is Redis' own clock, so replicas' clocks need not agree.
 *
 * KEYS: one hash per window, then the in-flight sorted set (when limited), then the budget hash
 * and its lease set (when budgeted).
 */

const WINDOW_FUNCTIONS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function rolled(key, index)
  local h = redis.call('HMGET', key, 'w', 'c', 'p')
  local w, c, p = tonumber(h[1]), tonumber(h[2]) or 0, tonumber(h[3]) or 0
  if w == nil or w < index - 1 then return 0, 0 end
  if w == index - 1 then return 0, c end
  return c, p
end

local function wait_ms(c, p, f, window, limit, cost)
  if cost > limit then return -1 end
  if p * (1 - f) + c + cost <= limit then return 0 end
  if c + cost <= limit then return math.ceil((1 - (limit - cost - c) / p - f) * window) end
  return math.ceil((1 - f + (1 - (limit - cost) / c)) * window)
end

local function reset_ms(c, p, f, window)
  if c > 0 then return math.ceil((2 - f) * window) end
  if p > 0 then return math.ceil((1 - f) * window) end
  return 0
end

-- Amounts are integer nano-dollars, written with %d: Lua's default number format would round them.

-- Budget reservations whose lease ran out (their replica never settled them) stop counting.
local function expire_reservations(budget, leases, now)
  local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  for _, id in ipairs(expired) do
    local amount = tonumber(redis.call('HGET', budget, 'r:' .. id))
    if amount then
      redis.call('HDEL', budget, 'r:' .. id)
      redis.call('HINCRBY', budget, 'reserved', -amount)
    end
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', leases, '-inf', now) end
end
`;

/**
 * ARGV: id, window count, then limit, window_ms, cost per window, then parallel limit (0: none),
 * lease_ms, then budget limit (-1: none), reserve, known spent, ttl_ms.
 * Answers {0, W} admitted, {1, refused position, W} refused by a window, {2, in flight, W} or
 * {3, spent, reserved, W}, where W is index, used, reset, retry per window.
 */
export const ADMIT_SCRIPT = `${WINDOW_FUNCTIONS}
local now = now_ms()
local id = ARGV[1]
local n = tonumber(ARGV[2])
local states = {}
local refused = 0
local counts = {}
for i = 1, n do
  local base = 2 + (i - 1) * 3
  local limit, window, cost = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  local index = math.floor(now / window)
  local c, p = rolled(KEYS[i], index)
  local f = (now - index * window) / window
  local retry = wait_ms(c, p, f, window, limit, cost)
  if retry ~= 0 and refused == 0 then refused = i end
  counts[i] = {index, c, p, window, cost}
  table.insert(states, index)
  table.insert(states, math.ceil(p * (1 - f) + c))
  table.insert(states, reset_ms((retry == 0 and c + cost) or c, p, f, window))
  table.insert(states, retry)
end
if refused > 0 then return {1, refused - 1, unpack(states)} end

local at = 2 + n * 3
local parallel_limit, lease = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
local next_key = n + 1
local parallel_key
if parallel_limit > 0 then
  parallel_key = KEYS[next_key]
  next_key = next_key + 1
  redis.call('ZREMRANGEBYSCORE', parallel_key, '-inf', now)
  local in_flight = redis.call('ZCARD', parallel_key)
  if in_flight >= parallel_limit then return {2, in_flight, unpack(states)} end
end

local budget_limit = tonumber(ARGV[at + 3])
local budget, leases, spent, reserve, budget_ttl
if budget_limit >= 0 then
  budget, leases = KEYS[next_key], KEYS[next_key + 1]
  reserve, budget_ttl = tonumber(ARGV[at + 4]), tonumber(ARGV[at + 6])
  expire_reservations(budget, leases, now)
  spent = math.max(tonumber(redis.call('HGET', budget, 'spent')) or 0, tonumber(ARGV[at + 5]))
  local reserved = tonumber(redis.call('HGET', budget, 'reserved')) or 0
  if spent >= budget_limit or spent + reserved + reserve > budget_limit then return {3, spent, reserved, unpack(states)} end
end

for i = 1, n do
  local index, c, p, window, cost = unpack(counts[i])
  redis.call('HSET', KEYS[i], 'w', index, 'c', c + cost, 'p', p)
  redis.call('PEXPIRE', KEYS[i], window * 2)
end
if parallel_key then
  redis.call('ZADD', parallel_key, now + lease, id)
  redis.call('PEXPIRE', parallel_key, lease)
end
if budget then
  redis.call('HSET', budget, 'spent', string.format('%d', spent), 'r:' .. id, string.format('%d', reserve))
  redis.call('HINCRBY', budget, 'reserved', reserve)
  redis.call('ZADD', leases, now + lease, id)
  redis.call('PEXPIRE', budget, budget_ttl)
  redis.call('PEXPIRE', leases, budget_ttl)
end
return {0, unpack(states)}
`;

/**
 * ARGV: id, window count, then index, delta per window, then 1/0 (in-flight slot to free), then
 * 1/0 (budget), actual, known spent, ttl_ms.
 */
export const SETTLE_SCRIPT = `${WINDOW_FUNCTIONS}
local id = ARGV[1]
local n = tonumber(ARGV[2])
for i = 1, n do
  local index, delta = tonumber(ARGV[2 + (i - 1) * 2 + 1]), tonumber(ARGV[2 + (i - 1) * 2 + 2])
  local w = tonumber(redis.call('HGET', KEYS[i], 'w'))
  local field = (w == index and 'c') or (w == index + 1 and 'p') or nil
  if field and delta ~= 0 then
    if redis.call('HINCRBY', KEYS[i], field, delta) < 0 then redis.call('HSET', KEYS[i], field, 0) end
  end
end
local at = 2 + n * 2
local next_key = n + 1
if ARGV[at + 1] == '1' then
  redis.call('ZREM', KEYS[next_key], id)
  next_key = next_key + 1
end
if ARGV[at + 2] == '1' then
  local budget, leases = KEYS[next_key], KEYS[next_key + 1]
  local amount = tonumber(redis.call('HGET', budget, 'r:' .. id))
  if amount then
    redis.call('HDEL', budget, 'r:' .. id)
    redis.call('HINCRBY', budget, 'reserved', -amount)
  end
  redis.call('ZREM', leases, id)
  local spent = (tonumber(redis.call('HGET', budget, 'spent')) or 0) + tonumber(ARGV[at + 3])
  redis.call('HSET', budget, 'spent', string.format('%d', math.max(spent, tonumber(ARGV[at + 4]))))
  redis.call('PEXPIRE', budget, tonumber(ARGV[at + 5]))
  redis.call('PEXPIRE', leases, tonumber(ARGV[at + 5]))
end
return 1
`;
