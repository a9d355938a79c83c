// Where the router keeps idempotency records (idempotency.ts): in Redis when REDIS_URL is set,
// so that every router process sees every key, else in this process's memory, at most
// IDEMPOTENCY_MEMORY_BYTES of answers (the oldest records forgotten first).
//
// A record is claimed by the first request with its key (`claim`, a random id, while that
// request is in flight), then holds that request's answer until it expires; a claim whose
// request gets no answer worth keeping is released, so a retry runs again.
import { Redis } from 'ioredis';
import { log } from './errors.ts';

export type Answer = { status: number; headers: [string, string][]; body: string };
export type IdempotencyRecord = { hash: string; claim?: string; answer?: Answer };

export interface IdempotencyStore {
  /** Claims `key` with `record` for `ttlMs`: undefined when claimed, else the record there. */
  claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined>;
  /** Replaces the claim `claim` (if still there) by the answered `record`, kept for `ttlMs`. */
  answer(key: string, claim: string, record: IdempotencyRecord, ttlMs: number): Promise<void>;
  /** Forgets `key` if `claim` still holds it. */
  release(key: string, claim: string): Promise<void>;
}

const sizeOf = (key: string, record: IdempotencyRecord) => 256 + key.length + (record.answer?.body.length ?? 0);

export class MemoryStore implements IdempotencyStore {
  private readonly records = new Map<string, { record: IdempotencyRecord; expires: number; size: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async claim(key: string, record: IdempotencyRecord, ttlMs: number) {
    const found = this.live(key);
    if (found) return found;
    this.put(key, record, ttlMs);
    return undefined;
  }

  async answer(key: string, claim: string, record: IdempotencyRecord, ttlMs: number) {
    const found = this.live(key);
    if (!found || found.claim === claim) this.put(key, record, ttlMs);
  }

  async release(key: string, claim: string) {
    if (this.live(key)?.claim === claim) this.forget(key);
  }

  private live(key: string) {
    const found = this.records.get(key);
    if (found && found.expires <= Date.now()) this.forget(key);
    else return found?.record;
  }

  private put(key: string, record: IdempotencyRecord, ttlMs: number) {
    this.forget(key);
    const size = sizeOf(key, record);
    if (size > this.maxBytes) return;
    for (const [oldest] of this.records) {
      if (this.bytes + size <= this.maxBytes) break;
      this.forget(oldest);
    }
    this.records.set(key, { record, expires: Date.now() + ttlMs, size });
    this.bytes += size;
  }

  private forget(key: string) {
    const found = this.records.get(key);
    if (!found) return;
    this.records.delete(key);
    this.bytes -= found.size;
  }
}

// Replace or delete a record only while `claim` holds it (or, answering, nothing does).
const ANSWER = `local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).claim ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
const RELEASE = `local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).claim == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisStore implements IdempotencyStore {
  private readonly redis: Redis;
  private warnedAt = Number.NEGATIVE_INFINITY;

  constructor(url: string, private readonly prefix: string) {
    // A command fails within 2 s rather than waiting for Redis to come back (the request is
    // then answered 503, idempotency.ts): no request hangs on a Redis that is down.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000 });
    this.redis.on('error', (error: Error) => {
      if (Date.now() - this.warnedAt < 10_000) return;
      this.warnedAt = Date.now();
      log.warn(`idempotency records unavailable from Redis: ${error.message}`);
    });
  }

  async claim(key: string, record: IdempotencyRecord, ttlMs: number) {
    const name = this.prefix + key;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.redis.set(name, JSON.stringify(record), 'PX', ttlMs, 'NX')) return undefined;
      const found = await this.redis.get(name);
      if (found) return JSON.parse(found) as IdempotencyRecord;
      // It expired between the two commands: claim again.
    }
    throw new Error('idempotency record neither claimed nor found');
  }

  async answer(key: string, claim: string, record: IdempotencyRecord, ttlMs: number) {
    await this.redis.eval(ANSWER, 1, this.prefix + key, claim, JSON.stringify(record), ttlMs);
  }

  async release(key: string, claim: string) {
    await this.redis.eval(RELEASE, 1, this.prefix + key, claim);
  }
}
