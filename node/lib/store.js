'use strict';
// The express-session Store. Each operation is one script call (or none), on the keys and
// scripts the Java store uses, so a Java service and an express app share sessions, the
// principal index and the event log (docs/wire-format.md).
//
// express-session hands `set` the whole session. To write only what changed, the store keeps
// what `get` loaded for each session object (a WeakMap, so nothing outlives the request) and
// sends save.lua the attributes whose encoding differs and the names that disappeared.
// Requests that change different attributes of one session therefore never undo each other,
// and a request that changed nothing makes no call.

const { Store } = require('express-session');
const ids = require('./ids');
const scripts = require('./scripts');
const principals = require('./principals');
const contracts = require('./contracts');
const connection = require('./connection');
const metadata = require('./metadata');
const { KeyLayout } = require('./keys');
const { PageMemo } = require('./page-memo');
const { ScriptRunner } = require('./runner');
const { SessionEvents } = require('./events');
const { json } = require('./codec');
const { SessionKeeperError, SessionLimitExceededError } = require('./errors');

const MINUTE = 60_000;
/**
 * The storage format this package reads and writes (docs/wire-format.md), Java's
 * StorageFormat.CURRENT. Format 3 keeps a session in one string, a header of its numbers and a
 * MessagePack map of its principal and attributes (lib/metadata.js), where formats 1 and 2 kept a
 * hash; those are not read, so a namespace in one of them is refused rather than taken for
 * corrupt sessions one get at a time.
 */
const STORAGE_FORMAT = 3;
/**
 * The format of a namespace written before the record existed (a shard count, no record): the
 * layout of version 0.1, format 1, as Java's StorageFormat.BEFORE_THE_RECORD.
 */
const BEFORE_THE_RECORD = 1;
const PRELOADED = [contracts.create, contracts.find, contracts.save, contracts.destroy];

/**
 * A duration setting in ms: a whole number from `min` to 10 years, as Java's SessionStoreBuilder
 * and the scripts' own check (include/meta.lua, duration_arg) require. Refused here, with the
 * setting's name, before any call: the script would refuse it too, but with a Redis error.
 */
function duration(name, v, min = 1) {
  if (!Number.isInteger(v) || v < min || v > contracts.MAX_DURATION_MS) {
    throw new RangeError(`${name} must be a whole number of ms from ${min} to ${contracts.MAX_DURATION_MS} `
      + `(10 years), got ${v}`);
  }
  return v;
}

function settingsOf(o) {
  const positive = (name, v) => {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${v}`);
    return v;
  };
  const limit = o.maxSessionsPerPrincipal ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > contracts.MAX_LIMIT) {
    throw new RangeError(`maxSessionsPerPrincipal must be 0 (no limit) to ${contracts.MAX_LIMIT}, got ${limit}`);
  }
  const snapshot = o.snapshot === '*' ? '*'
    : Array.isArray(o.snapshot) && o.snapshot.length > 0 ? JSON.stringify(o.snapshot) : '';
  if (o.limitPolicy && !['evict', 'refuse'].includes(o.limitPolicy)) {
    throw new TypeError("limitPolicy must be 'evict' or 'refuse'");
  }
  const shards = o.shards ?? 16;
  if (!Number.isInteger(shards) || shards < 1 || shards > ids.MAX_SHARDS) {
    throw new RangeError(`shards must be 1..${ids.MAX_SHARDS}`);
  }
  return Object.freeze({
    shards,
    idleMs: o.idleTimeoutMs === undefined ? undefined : duration('idleTimeoutMs', o.idleTimeoutMs),
    absoluteMs: duration('absoluteTimeoutMs', o.absoluteTimeoutMs ?? 12 * 60 * MINUTE, 0),
    graceMs: duration('expiryGraceMs', o.expiryGraceMs ?? 5 * MINUTE),
    quarantineMs: duration('quarantineRetentionMs', o.quarantineRetentionMs ?? 7 * 24 * 60 * MINUTE),
    eventsMaxLength: positive('eventsMaxLength', o.eventsMaxLength ?? 100_000),
    snapshotSpec: snapshot,
    createdEvents: o.createdEvents !== false,
    maxSessionsPerPrincipal: limit,
    limitPolicy: o.limitPolicy ?? 'evict',
    maxAttributeBytes: positive('maxAttributeBytes', o.maxAttributeBytes ?? 128 * 1024),
    maxSessionBytes: positive('maxSessionBytes', o.maxSessionBytes ?? 1024 * 1024),
    listLimit: positive('listLimit', o.listLimit ?? 1000),
  });
}

const ATTEMPTS = 32;

/**
 * After a script found the principal's sessions changed since the page was read: gives up
 * after 32 attempts, and from the second retry backs off for a random time that doubles with
 * each attempt (up to 64 ms), so that racing sign-ins of one principal spread out (as Java's
 * PrincipalOperations.changed).
 */
async function changed(attempt, operation) {
  if (attempt >= ATTEMPTS) {
    throw new SessionKeeperError(`${operation} gave up: the principal's sessions changed during each of ${ATTEMPTS} `
      + 'attempts', 'PRINCIPAL_BUSY');
  }
  if (attempt > 1) {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * (1 << Math.min(attempt, 6)))));
  }
}

/** Calls `cb` with the outcome of a promise, or returns the promise when there is no callback. */
function settle(promise, cb) {
  if (typeof cb !== 'function') return promise;
  promise.then((v) => cb(null, v), (e) => cb(e));
  return undefined;
}

class SessionKeeperStore extends Store {
  constructor(options = {}) {
    super();
    this.options = {
      commandTimeoutMs: options.commandTimeoutMs ?? 2000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      caCertificate: options.caCertificate,
      tls: options.tls,
    };
    this.settings = settingsOf(options);
    this.keys = new KeyLayout(options.namespace ?? 'sk');
    this.codec = options.codec ?? json;
    if (options.client) {
      this.client = options.client;
      this.location = { nodes: [], cluster: Boolean(options.client.isCluster) };
      this.locationText = 'the given client';
      this.ownsClient = false;
    } else {
      this.location = connection.parse(options.url ?? 'redis://127.0.0.1:6379');
      this.locationText = connection.redactedUrl(this.location);
      this.client = connection.open(this.location, this.options);
      this.ownsClient = true;
    }
    // Connection trouble surfaces as each call's error; an unhandled 'error' would crash.
    this.client.on('error', (e) => this.emit('warning', e));
    this.runner = new ScriptRunner(this.client, this.locationText, this.options.commandTimeoutMs);
    this.stats = { malformedIds: 0, corruptSessions: 0, gone: 0, unslidReads: 0, undecodableAttributes: 0 };
    this.loaded = new WeakMap();
    this.pageMemo = new PageMemo();
    this.subscriptions = new Set();
    this.events = new SessionEvents(this);
    this.cookieTemplate = options.cookie ? templateOf(options.cookie) : null;
    this.genid = this.genid.bind(this);

    // express-session assigns store.generate when its middleware is made. The setter wraps
    // it so that a session made with express-session's own genid still gets an id of the
    // store's format (which carries the shard): an app switches stores by changing the store
    // line only. It also learns the cookie options, for the cookies of loaded sessions.
    let generate;
    Object.defineProperty(this, 'generate', {
      configurable: true,
      enumerable: false,
      get: () => generate,
      set: (fn) => {
        generate = this.wrapGenerate(fn);
      },
    });
  }

  /** An id in a random shard, for express-session's `genid` option. */
  genid() {
    return ids.generate(ids.randomShard(this.settings.shards));
  }

  wrapGenerate(original) {
    const wrapped = (req) => {
      original(req);
      if (!ids.isWellFormed(req.sessionID)) {
        const cookie = req.session.cookie;
        req.sessionID = this.genid(req);
        req.session = new req.session.constructor(req);
        req.session.cookie = cookie;
      }
      if (!this.cookieTemplate) this.cookieTemplate = templateOf(req.session.cookie);
    };
    if (!this.cookieTemplate) {
      // A look at the cookies express-session would make, without a real request: one over
      // plain HTTP and one over TLS. When they differ, the app uses secure: 'auto', and a loaded
      // session's cookie is made Secure per request (createSession).
      try {
        const plain = { headers: {}, connection: {}, socket: {}, secure: false };
        const tls = { headers: { 'x-forwarded-proto': 'https' }, connection: { encrypted: true },
          socket: { encrypted: true }, secure: true };
        original(plain);
        original(tls);
        const template = templateOf(plain.session.cookie);
        template.secureAuto = Boolean(tls.session.cookie.secure) !== Boolean(plain.session.cookie.secure);
        this.cookieTemplate = template;
      } catch {
        // The app's genid needs a real request: the first generated session teaches it.
      }
    }
    return wrapped;
  }

  /**
   * Checks once that this store uses the namespace's shard count (a principal's shard depends
   * on it), as Java's RedisSessionStore does; every operation waits for it.
   */
  ready() {
    if (!this.readyPromise) {
      const key = this.keys.shardCount();
      const mine = String(this.settings.shards);
      this.readyPromise = (async () => {
        await this.checkFormat();
        await this.runner.command(`SET ${key}`, this.client.set(key, mine, 'NX'));
        const recorded = await this.runner.command(`GET ${key}`, this.client.get(key));
        if (recorded != null && recorded !== mine) {
          throw new SessionKeeperError(`namespace '${this.keys.namespace}' is in use with ${recorded} shards, but this `
            + `store is configured with ${mine}; every instance of a namespace, Java or Node, must use the same `
            + 'shard count (or use a new namespace)', 'SHARD_COUNT');
        }
        await this.preload();
      })();
      this.readyPromise.catch(() => { this.readyPromise = null; });
    }
    return this.readyPromise;
  }

  /**
   * Records the storage format of a namespace that has none, then checks the record, as Java's
   * StorageFormat does: a store that misread another format's keys would return, expire or
   * overwrite sessions wrongly, so a namespace in a format this package does not read is
   * refused with nothing read or written. A namespace with a shard count and no record was
   * written before the record existed: it is recorded as format 1, and so refused, as in Java;
   * the record stays, so every later store, Java or Node, refuses it too without guessing
   * again. Plain GET and SET NX: the record and the shard count have no hash tag, so no script
   * could cover both; SET NX settles a race of two first stores.
   */
  async checkFormat() {
    const key = this.keys.format();
    let recorded = await this.runner.command(`GET ${key}`, this.client.get(key));
    if (recorded == null) {
      const shards = await this.runner.command(`GET ${this.keys.shardCount()}`, this.client.get(this.keys.shardCount()));
      const mine = shards == null ? STORAGE_FORMAT : BEFORE_THE_RECORD;
      await this.runner.command(`SET ${key}`, this.client.set(key, String(mine), 'NX'));
      recorded = await this.runner.command(`GET ${key}`, this.client.get(key));
    }
    if (recorded != null && recorded !== String(STORAGE_FORMAT)) {
      const what = /^[1-9][0-9]{0,8}$/.test(recorded) ? `storage format ${recorded}`
        : 'a storage format record this version cannot parse';
      throw new SessionKeeperError(`namespace '${this.keys.namespace}' is in ${what} (key ${key}), but this version `
        + `of sessionkeeper reads format ${STORAGE_FORMAT} only; nothing was read or written. Run a sessionkeeper `
        + 'version that reads that format on this namespace, or give this one a new namespace.', 'STORAGE_FORMAT');
    }
  }

  /**
   * Puts the request path's scripts into every master's script cache, so that the first
   * requests do not each pay a NOSCRIPT miss. Best effort: a miss later is handled anyway.
   */
  async preload() {
    const nodes = typeof this.client.nodes === 'function' && this.location.cluster ? this.client.nodes('master') : [this.client];
    const bodies = PRELOADED.map((c) => scripts.load(c.script).body);
    await Promise.allSettled(nodes.flatMap((node) => bodies.map((body) => node.script('LOAD', body))));
  }

  async call(contract, keys, args) {
    // Once ready, stays ready: no extra promise hop on the request path.
    if (!this.isReady) {
      await this.ready();
      this.isReady = true;
    }
    return this.runner.run(contract, keys, args);
  }

  accept(id) {
    if (ids.isWellFormed(id)) return true;
    // Stale or forged cookies: counted, never sent to Redis.
    this.stats.malformedIds++;
    return false;
  }

  // ---- express-session's Store interface --------------------------------------------------

  get(sid, cb) {
    return settle(this.load(sid), cb);
  }

  async load(sid) {
    if (!this.accept(sid)) return null;
    const c = contracts.find;
    const r = await this.call(c, c.keys(this.keys, sid), c.args(this.settings, sid));
    if (r.status === 'missing') return null;
    if (r.status === 'corrupt') {
      this.reportCorrupt(sid, r.why);
      return null;
    }
    if (r.unslid) {
      // Redis is out of memory: served, but its idle deadline did not move (and writes fail).
      this.stats.unslidReads++;
      this.emit('unslid', ids.redact(sid));
    }
    // find.lua is the one judge of a corrupt session and has already quarantined any it met (as
    // in Java's RedisSessionStore.find): a live reply that does not split is a broken script
    // contract, a bug, and fails the call. The message names neither the data nor the whole id.
    let parts;
    try {
      parts = metadata.split(r.value, this.codec);
    } catch (e) {
      if (!(e instanceof metadata.CorruptSession)) throw e;
      throw new Error(`find.lua returned session ${ids.redact(sid)} as live, but its value breaks the script's`
        + " contract (include/meta.lua's read_session refuses such a value): a bug in the script or the decoder,"
        + ' not corrupt data');
    }
    const { idle } = parts.header;
    for (const [name, why] of parts.undecodable) {
      // Served without it, its stored value kept as it is (an instance with another codec may
      // know it): counted and reported, never a reason to drop the session.
      this.stats.undecodableAttributes++;
      this.emit('undecodable', { id: ids.redact(sid), attribute: name, reason: why });
    }
    const data = { cookie: this.cookieFor(idle, r.deadline) };
    for (const [name, value] of parts.values) data[name] = value;
    this.loaded.set(data, { id: sid, encoded: new Baseline(parts.values, this.codec), idle,
      principal: parts.principal, gone: false });
    return data;
  }

  /** express-session calls this with what `get` returned; the loaded state follows the session. */
  createSession(req, data) {
    const baseline = this.loaded.get(data);
    if (this.cookieTemplate && this.cookieTemplate.secureAuto && data.cookie) {
      // As express-session decides for a new session: TLS to this server, or a trusted
      // proxy's X-Forwarded-Proto (express's req.secure).
      data.cookie.secure = req.secure === true || Boolean(req.connection && req.connection.encrypted);
    }
    const session = super.createSession(req, data);
    if (baseline) this.loaded.set(session, baseline);
    return session;
  }

  set(sid, sess, cb) {
    return settle(this.save(sid, sess), cb);
  }

  async save(sid, sess) {
    if (!ids.isWellFormed(sid)) {
      throw new SessionKeeperError('session id does not have the store\'s format; pass genid: store.genid to '
        + 'express-session, or let the store replace the ids express-session makes', 'MALFORMED_ID');
    }
    const current = this.encodeAll(sess);
    const baseline = this.loaded.get(sess);
    if (baseline && baseline.id === sid) {
      if (baseline.gone) return;
      const { sets, removals } = diff(baseline.encoded, current);
      // A loaded session's cookie carries its idle timeout as maxAge; an app that sets
      // req.session.cookie.maxAge changes the session's idle timeout.
      const idle = this.idleFromCookie(sess.cookie);
      const idleChange = idle != null && idle !== baseline.idle ? idle : null;
      if (sets.length === 0 && removals.length === 0 && idleChange == null) return;
      const c = contracts.save;
      const r = await this.call(c, c.keys(this.keys, sid), c.args(this.settings, sid, sets, removals, idleChange));
      if (r.status === 'gone') {
        // No resurrection: the session expired or was destroyed while this request ran.
        baseline.gone = true;
        this.stats.gone++;
        this.emit('gone', ids.redact(sid));
        return;
      }
      baseline.encoded = Baseline.ofEncoded(current);
      if (idleChange != null) baseline.idle = idleChange;
      return;
    }
    const idle = this.idleForNew(sess.cookie);
    const sets = [...current];
    const c = contracts.create;
    const r = await this.call(c, c.keys(this.keys, sid), c.args(this.settings, sid, idle, this.settings.absoluteMs, sets));
    if (r.taken) {
      // A set without a load (the Store API used directly): the attributes given are written,
      // never a session recreated.
      const s = contracts.save;
      const saved = await this.call(s, s.keys(this.keys, sid), s.args(this.settings, sid, sets, [], null));
      if (saved.status === 'gone') {
        this.stats.gone++;
        return;
      }
    }
    this.loaded.set(sess, { id: sid, encoded: Baseline.ofEncoded(current), idle, principal: null, gone: false });
  }

  /** find already slid the deadline when the request loaded the session. */
  touch(sid, sess, cb) {
    return settle(Promise.resolve(), cb);
  }

  destroy(sid, cb) {
    return settle(this.destroySession(sid, 'logout'), cb);
  }

  async destroySession(sid, reason) {
    if (!this.accept(sid)) return false;
    const c = contracts.destroy;
    return this.call(c, c.keys(this.keys, sid), c.args(this.settings, sid, reason));
  }

  /** Live sessions, counted by Redis's clock: one small call per shard, in parallel. */
  length(cb) {
    return settle(this.count(), cb);
  }

  async count() {
    await this.ready();
    const c = contracts.count;
    const counts = await Promise.all(Array.from({ length: this.settings.shards },
      (_, shard) => this.runner.run(c, c.keys(this.keys, shard), c.args())));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Up to `listLimit` live sessions, id -> data, read without touching them: pages of the due
   * indexes and describe.lua, never KEYS or SCAN.
   */
  all(cb) {
    return settle(this.list(this.settings.listLimit), cb);
  }

  async list(limit) {
    await this.ready();
    const out = {};
    let found = 0;
    const d = contracts.describe;
    for (let shard = 0; shard < this.settings.shards && found < limit; shard++) {
      const page = await this.runner.command('ZRANGE due', this.client.zrange(this.keys.dueOfShard(shard), 0, limit - found - 1));
      const described = await Promise.all(page.map((id) => (ids.isWellFormed(id)
        ? this.runner.run(d, d.keys(this.keys, id), d.args()).then((r) => [id, r]) : null)));
      for (const entry of described) {
        if (!entry) continue;
        const [id, r] = entry;
        if (r.value === null) continue;
        try {
          const parts = metadata.split(r.value, this.codec);
          const head = parts.header;
          if (head.deadline <= r.now) continue;
          const data = { cookie: this.cookieFor(head.idle, head.deadline) };
          for (const [name, value] of parts.values) data[name] = value;
          out[id] = data;
          found++;
        } catch (e) {
          if (!(e instanceof metadata.CorruptSession)) throw e;
        }
      }
    }
    return out;
  }

  /** Destroys every session (reason admin), a page of each due index at a time. */
  clear(cb) {
    return settle(this.destroyAll(), cb);
  }

  async destroyAll() {
    await this.ready();
    const PAGE = 100;
    for (let shard = 0; shard < this.settings.shards; shard++) {
      const due = this.keys.dueOfShard(shard);
      // An entry destroy cannot end (its data is already gone, or corrupt) is handed to find,
      // which ends or quarantines it; one that still stays (Redis refused the write) is stepped
      // over by `offset`, so every page makes progress.
      let offset = 0;
      for (;;) {
        const page = await this.runner.command('ZRANGE due', this.client.zrange(due, offset, offset + PAGE - 1));
        if (page.length === 0) break;
        for (const id of page) {
          if (ids.isWellFormed(id) && await this.destroySession(id, 'admin')) continue;
          if (ids.isWellFormed(id)) await this.load(id);
          if (await this.runner.command('ZSCORE due', this.client.zscore(due, id)) !== null) offset++;
        }
      }
    }
  }

  // ---- users -------------------------------------------------------------------------------

  /**
   * Signs the request's session in as `principal`, replacing req.session.regenerate() for
   * sign-in. The id always changes (session fixation), and the new session lives in the
   * principal's shard. Fails closed: the old id is dead before the new one exists; if the
   * second step fails the user signs in again.
   *
   * With a limit and limitPolicy 'refuse', a refused sign-in must leave the session as it was,
   * so the refusal comes before the old id dies, as in Java's PrincipalOperations.rotate: the
   * new id is reserved under the limit first (rotate_in 'create', an empty session with a short
   * deadline), then the old id ends (rotate_out), then the reservation is filled (rotate_in
   * 'fill'). Cut anywhere, it fails closed: before rotate_out the user is simply not signed in
   * and the reservation expires within a minute; after it, the old id is dead and the new one
   * was never handed out.
   */
  async login(req, principal) {
    principals.check(principal);
    const sess = req.session;
    if (!sess) throw new TypeError('login needs req.session: mount express-session before it');
    await this.ready();
    const baseline = this.loaded.get(sess);
    const oldId = req.sessionID;
    const shard = principals.shard(principal, this.settings.shards);
    const newId = ids.generate(shard);
    const existing = Boolean(baseline && !baseline.gone);
    const carried = new Map();
    let created = null;
    let predecessor = null;
    let idle = existing ? baseline.idle : this.idleForNew(sess.cookie);
    let absolute = this.settings.absoluteMs;
    const current = this.encodeAll(sess);
    const changedIdle = existing ? this.idleFromCookie(sess.cookie) : null;
    let changes = { sets: [...current], removals: [] };
    const reserve = existing && this.settings.maxSessionsPerPrincipal > 0 && this.settings.limitPolicy === 'refuse';
    if (reserve) {
      this.admitted(await this.rotateIn(newId, principal, shard, 'create', null,
        Math.min(changedIdle ?? idle, contracts.RESERVATION_MS), absolute, oldId, []), newId);
    }
    if (existing) {
      changes = diff(baseline.encoded, current);
      const c = contracts.rotateOut;
      const r = await this.call(c, c.keys(this.keys, oldId), c.args(this.settings, oldId, newId));
      baseline.gone = true;
      if (r.live) {
        predecessor = oldId;
        try {
          const parts = metadata.split(r.value, this.codec);
          const head = parts.header;
          created = String(head.created);
          idle = head.idle;
          absolute = head.absolute;
          // Carried as stored, undecodable attributes too (as Java does): never re-encoded.
          for (const [name, raw] of parts.stored) carried.set(name, raw.toString('utf8'));
        } catch (e) {
          if (!(e instanceof metadata.CorruptSession)) throw e;
          carried.clear();
          created = null;
        }
      }
    }
    for (const name of changes.removals) carried.delete(name);
    for (const [name, v] of changes.sets) carried.set(name, v);
    if (changedIdle != null && changedIdle !== baseline.idle) idle = changedIdle;

    const r = await this.rotateIn(newId, principal, shard, reserve ? 'fill' : 'create', created, idle, absolute,
      predecessor, [...carried]);
    if (reserve && r.status === 'taken') {
      throw new SessionKeeperError(`the sign-in did not complete: its reserved session ${ids.redact(newId)} expired `
        + 'in between; the old session is ended, sign in again', 'SESSION_GONE');
    }
    this.admitted(r, newId);
    if (existing && baseline.principal) this.pageMemo.removed(baseline.principal, oldId);
    this.pageMemo.added(principal, newId);
    const data = { cookie: this.cookieFor(idle, r.deadline, sess.cookie) };
    const values = new Map();
    for (const [name, encoded] of carried) {
      try {
        const v = this.codec.decode(Buffer.from(encoded, 'utf8'));
        if (v !== null && v !== undefined) {
          data[name] = v;
          values.set(name, encoded);
        }
      } catch {
        // Undecodable here: carried in Redis as stored, left out of the session (as on a load).
      }
    }
    req.sessionID = newId;
    const expires = data.cookie.expires;
    const session = super.createSession(req, data);
    if (expires) session.cookie.expires = expires;
    this.loaded.set(session, { id: newId, encoded: Baseline.ofEncoded(values), idle, principal, gone: false });
    return session;
  }

  /** Throws unless a rotate_in reply says the session was written (PrincipalOperations.admitted). */
  admitted(r, newId) {
    if (r.status === 'refused') throw new SessionLimitExceededError(this.settings.maxSessionsPerPrincipal);
    if (r.status === 'too-many-dead') {
      throw new SessionKeeperError(`the sign-in read ${r.entries} index entries of the principal, too many of them `
        + 'past their deadline to count its live sessions; an expiry worker (or sessionsOf) ends them, sign in again '
        + 'then', 'SESSION_LIMIT_UNCOUNTED');
    }
    if (r.status !== 'written') {
      throw new SessionKeeperError(`session id ${ids.redact(newId)} is already taken`, 'ID_TAKEN');
    }
  }

  /** rotate_in, called again declaring the sessions it asks for ({-3}: those the limit evicts). */
  async rotateIn(newId, principal, shard, mode, created, idle, absolute, predecessor, sets) {
    const c = contracts.rotateIn;
    const args = c.args(this.settings, this.keys, newId, principal, shard, mode, created, idle, absolute, predecessor, sets);
    let declared = [];
    for (let attempt = 1; ; attempt++) {
      const r = await this.call(c, c.keys(this.keys, newId, shard, declared), args);
      if (r.status !== 'declare') return r;
      declared = r.ids;
      await changed(attempt, 'sign-in');
    }
  }

  /**
   * The principal's live sessions with the named attributes, a page of at most 50 per call
   * (as Java's sessionsOf): exact at one instant for a principal with no more sessions than a
   * page, exact page by page beyond.
   */
  async sessionsOf(principal, attributes = []) {
    principals.check(principal);
    await this.ready();
    const shard = principals.shard(principal, this.settings.shards);
    const c = contracts.sessionsOf;
    const out = [];
    await this.pages(shard, principal, 'listing', async (page, after) => {
      const r = await this.call(c, c.keys(this.keys, shard, page), c.args(this.settings, this.keys, principal, shard,
        attributes, after));
      if (r.status === 'page') out.push(...r.sessions);
      return r.status === 'page' ? { ...r, left: r.sessions.map((x) => x.id) } : r;
    });
    return out.map((s) => {
      const attrs = {};
      for (const [name, v] of s.attributes) {
        try {
          attrs[name] = this.codec.decode(v);
        } catch {
          // As in Java: an attribute that does not decode is left out of the listing.
        }
      }
      return { id: s.id, created: new Date(s.created), lastAccess: new Date(s.lastAccess),
        deadline: new Date(s.deadline), attributes: attrs };
    });
  }

  /** Destroys all the principal's sessions (reason logout-everywhere); resolves to how many. */
  async logoutEverywhere(principal) {
    return this.logoutOthers(principal, null);
  }

  /**
   * Destroys all the principal's sessions but `keepId`, a page of at most 50 per call: one
   * atomic step for a principal with no more sessions than a page; beyond, page by page, so a
   * session signed in while a long logout runs may survive it (as in Java).
   */
  async logoutOthers(principal, keepId) {
    principals.check(principal);
    await this.ready();
    const shard = principals.shard(principal, this.settings.shards);
    const c = contracts.logoutAll;
    let destroyed = 0;
    await this.pages(shard, principal, 'logout everywhere', async (page, after) => {
      const r = await this.call(c, c.keys(this.keys, shard, page), c.args(this.settings, this.keys, principal, shard,
        keepId, after));
      if (r.status === 'page') destroyed += r.destroyed;
      return r.status === 'page' ? { ...r, left: keepId ? [keepId] : [] } : r;
    });
    return destroyed;
  }

  /**
   * Walks a principal's index a page at a time, as Java's PrincipalOperations.walkIndex: each
   * page's script is called at once with a guess of the page's ids declared (what this store last
   * saw, else none; every key a script touches must be in KEYS). A 'changed' reply means the
   * guess missed an entry of the page: call again declaring exactly the ids it names. So a page
   * costs one call when the guess holds, two otherwise. `run(page, after)` calls the script and
   * returns its reply with `left`, the ids still in the page's range, for the memo.
   */
  async pages(shard, principal, operation, run) {
    let after = '';
    do {
      let page = this.pageMemo.guess(principal, after, contracts.PAGE);
      let r;
      for (let attempt = 1; ; attempt++) {
        r = await run(page, after);
        if (r.status === 'page') break;
        page = r.ids;
        await changed(attempt, operation);
      }
      this.pageMemo.page(principal, after, r.next, r.left);
      after = r.next;
    } while (after !== '');
  }

  /** Closes event subscriptions and, when the store opened it, the Redis client. */
  async close() {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.ownsClient) {
      try {
        await this.client.quit();
      } catch {
        this.client.disconnect();
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** name -> stored text for every attribute of an express session (all but `cookie`). */
  encodeAll(sess) {
    const out = new Map();
    let total = 0;
    for (const name of Object.keys(sess)) {
      if (name === 'cookie') continue;
      const value = sess[name];
      // JSON null is never stored (Java reads it as corrupt): null removes, as undefined does.
      if (value === null || value === undefined || typeof value === 'function') continue;
      const encoded = this.codec.encode(value);
      if (encoded === undefined) continue;
      const bytes = Buffer.byteLength(encoded, 'utf8');
      if (bytes > this.settings.maxAttributeBytes) {
        throw new SessionKeeperError(`attribute '${name}' is ${bytes} bytes encoded, over maxAttributeBytes `
          + `(${this.settings.maxAttributeBytes})`, 'ATTRIBUTE_TOO_LARGE');
      }
      total += bytes;
      out.set(name, encoded);
    }
    if (total > this.settings.maxSessionBytes) {
      throw new SessionKeeperError(`session is ${total} bytes encoded, over maxSessionBytes `
        + `(${this.settings.maxSessionBytes})`, 'ATTRIBUTE_TOO_LARGE');
    }
    return out;
  }

  /** The lifetime the app gave the cookie (express-session's maxAge), or null. */
  idleFromCookie(cookie) {
    const max = cookie && cookie.originalMaxAge;
    if (!Number.isInteger(max) || max <= 0) return null;
    return duration("the cookie's maxAge (the session's idle timeout)", max);
  }

  /** A new session's idle timeout: the store's, else the cookie's maxAge, else 30 minutes. */
  idleForNew(cookie) {
    return this.settings.idleMs ?? this.idleFromCookie(cookie) ?? 30 * MINUTE;
  }

  /**
   * express-session's cookie for a loaded session: the app's cookie options, and when those
   * give the cookie a lifetime, the session's idle timeout as maxAge and its deadline as expiry.
   */
  cookieFor(idleMs, deadline, like) {
    const template = like ? templateOf(like) : (this.cookieTemplate || DEFAULT_COOKIE);
    if (!template.persistent) return { ...template.options, originalMaxAge: null, expires: null };
    return { ...template.options, originalMaxAge: idleMs, expires: new Date(deadline) };
  }

  reportCorrupt(sid, why) {
    this.stats.corruptSessions++;
    this.emit('corrupt', { id: ids.redact(sid), reason: why });
  }
}

/** The cookie options of an express-session Cookie, and whether it has a lifetime. */
function templateOf(cookie) {
  const t = typeof cookie.toJSON === 'function' ? cookie.toJSON() : { ...cookie };
  const persistent = t.originalMaxAge != null || t.expires != null || cookie.maxAge != null;
  delete t.originalMaxAge;
  delete t.expires;
  delete t.maxAge;
  return { options: t, persistent };
}

const DEFAULT_COOKIE = Object.freeze({ options: { path: '/', httpOnly: true }, persistent: false });

/**
 * What a session held when it was loaded (or last saved), to tell at save time what changed.
 * A value that can change in place (an object or array) is encoded at load, because the
 * request may mutate it; a string, number or boolean is kept as it is and encoded only if the
 * request saves, so a request that only reads pays one JSON encoding per object attribute.
 */
class Baseline {
  constructor(values, codec) {
    this.codec = codec;
    this.kept = new Map();
    this.encodedObjects = new Map();
    for (const [name, value] of values) {
      if (value !== null && typeof value === 'object') this.encodedObjects.set(name, codec.encode(value));
      else this.kept.set(name, value);
    }
  }

  static ofEncoded(encoded) {
    const b = Object.create(Baseline.prototype);
    b.kept = new Map();
    b.encodedObjects = new Map(encoded);
    return b;
  }

  get(name) {
    if (this.encodedObjects.has(name)) return this.encodedObjects.get(name);
    return this.kept.has(name) ? this.codec.encode(this.kept.get(name)) : undefined;
  }

  has(name) {
    return this.encodedObjects.has(name) || this.kept.has(name);
  }

  *names() {
    yield* this.encodedObjects.keys();
    yield* this.kept.keys();
  }
}

function diff(before, after) {
  const sets = [];
  for (const [name, encoded] of after) {
    if (before.get(name) !== encoded) sets.push([name, encoded]);
  }
  const removals = [...before.names()].filter((name) => !after.has(name));
  return { sets, removals };
}

module.exports = { SessionKeeperStore };
