// Types for sessionkeeper, the express-session store on Redis shared with the Java library.
import { Store, SessionData } from 'express-session';
import { EventEmitter } from 'node:events';
import type { Redis, Cluster } from 'ioredis';
import type { IncomingMessage } from 'node:http';

export interface AttributeCodec {
  /** A value to its stored text; undefined for values that cannot be stored. */
  encode(value: unknown): string | undefined;
  /** Stored bytes to a value; throws when they are not a value of this codec. */
  decode(stored: Buffer): unknown;
}

export interface SessionKeeperOptions {
  /** redis://, rediss:// (TLS), redis-cluster://h:p,h:p or rediss-cluster://...; default redis://127.0.0.1:6379. */
  url?: string;
  /** An ioredis client (Redis or Cluster) to use instead of a URL; the store does not close it. */
  client?: Redis | Cluster;
  /** Key prefix shared with the Java stores of the same sessions; default 'sk'. */
  namespace?: string;
  /* Every duration below is a whole number of ms, at most 315,360,000,000 (10 years), as in Java;
     a longer one is a RangeError when the store is made. */
  /** Shard count; must equal every other store's (Java or Node) on the namespace. Default 16. */
  shards?: number;
  /** Idle timeout of new sessions; default: the cookie's maxAge, else 30 minutes. */
  idleTimeoutMs?: number;
  /** Absolute timeout of new sessions, 0 for none; default 12 hours. */
  absoluteTimeoutMs?: number;
  /** How long past its deadline a session's data stays for the expiry worker; default 5 minutes. */
  expiryGraceMs?: number;
  quarantineRetentionMs?: number;
  /** Every Redis call fails with RedisUnavailableError after this long; default 2000. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** A PEM CA certificate for rediss:// URLs. */
  caCertificate?: string;
  /** Extra TLS options for rediss:// URLs (node:tls). */
  tls?: object;
  /** Approximate maximum entries of each shard's event stream; default 100,000. */
  eventsMaxLength?: number;
  /** Attributes copied into terminal events: names, or '*' for all; default none. */
  snapshot?: string[] | '*';
  /** Write 'created' events; default true. */
  createdEvents?: boolean;
  /** Live sessions a principal may have, 0 for no limit (default), at most 1,000. */
  maxSessionsPerPrincipal?: number;
  /** At the limit: destroy the least recently used ('evict', default) or refuse the sign-in. */
  limitPolicy?: 'evict' | 'refuse';
  maxAttributeBytes?: number;
  maxSessionBytes?: number;
  /** At most this many sessions from all(); default 1000. */
  listLimit?: number;
  /** Cookie options of loaded sessions; default: learned from express-session's cookie options. */
  cookie?: object;
  codec?: AttributeCodec;
}

export interface SessionInfo {
  id: string;
  created: Date;
  lastAccess: Date;
  deadline: Date;
  attributes: Record<string, unknown>;
}

/** An event of the durable log; the same fields Java's SessionEvent carries. */
export interface SessionEvent {
  /** '<shard>:<stream entry id>': stable across redeliveries, unique across shards. */
  eventId: string;
  type: 'created' | 'expired' | 'destroyed' | 'rotated';
  sessionId: string;
  principal: string | null;
  deadline: Date | null;
  writtenAt: Date;
  /** destroyed: logout, logout-everywhere, evicted-by-limit, admin or corrupt. */
  reason: string | null;
  /** rotated: the id that carries the session on. */
  successorId: string | null;
  /** created by a rotation: the id it replaced. */
  predecessorId: string | null;
  /** At most 1,000 attributes and 256 KiB of names and values. */
  snapshot: Record<string, unknown>;
  /** Attributes that did not fit in the snapshot's bound and were left out (0: complete). */
  snapshotOmitted: number;
  /** snapshotOmitted > 0. */
  snapshotTruncated: boolean;
  /** Redis had already dropped the data, so no snapshot could be taken. */
  snapshotLost: boolean;
  /** Deliveries of this event to this group so far, this one included. */
  deliveryCount: number;
}

export interface GroupOptions {
  /** Unacknowledged events are taken over by another consumer after this long; default 30,000. */
  visibilityTimeoutMs?: number;
  /** Deliveries before an event goes to the dead-letter stream; default 5. */
  maxDeliveries?: number;
  blockMs?: number;
  batchSize?: number;
  /** Start a new group at the oldest retained event instead of new ones. */
  fromStart?: boolean;
  consumer?: string;
  /** Called when a handler or a read fails; default: the store emits 'warning'. */
  onError?: (error: Error, event?: SessionEvent) => void;
}

export interface Subscription {
  readonly group: string;
  readonly consumer: string;
  close(): Promise<void>;
}

export interface SessionEvents {
  subscribe(group: string, handler: (event: SessionEvent) => void | Promise<void>, options?: GroupOptions): Promise<Subscription>;
}

export interface StoreStats {
  malformedIds: number;
  corruptSessions: number;
  /** Saves that found their session gone (expired or destroyed) and wrote nothing. */
  gone: number;
  /** Sessions read while Redis was out of memory: served, but their idle deadline did not move. */
  unslidReads: number;
  /** Attributes a load could not decode: left out of the session, kept in Redis as stored. */
  undecodableAttributes: number;
}

export declare class SessionKeeperStore extends Store {
  constructor(options?: SessionKeeperOptions);
  readonly events: SessionEvents;
  readonly stats: StoreStats;
  /** An id of the store's format (shard + 144 random bits), for express-session's genid option. */
  genid(req?: IncomingMessage): string;
  get(sid: string, callback: (err: any, session?: SessionData | null) => void): void;
  get(sid: string): Promise<SessionData | null>;
  set(sid: string, session: SessionData, callback?: (err?: any) => void): void;
  set(sid: string, session: SessionData): Promise<void>;
  destroy(sid: string, callback?: (err?: any) => void): void;
  touch(sid: string, session: SessionData, callback?: (err?: any) => void): void;
  all(callback: (err: any, obj?: { [sid: string]: SessionData } | null) => void): void;
  length(callback: (err: any, length?: number) => void): void;
  clear(callback?: (err?: any) => void): void;
  /** Waits until the store has checked the namespace's shard count and loaded its scripts. */
  ready(): Promise<void>;
  /** Signs req.session in as principal: a new id in the principal's shard, the old id dead first. */
  login(req: IncomingMessage & { session: any; sessionID: string }, principal: string): Promise<any>;
  sessionsOf(principal: string, attributes?: string[]): Promise<SessionInfo[]>;
  logoutEverywhere(principal: string): Promise<number>;
  logoutOthers(principal: string, keepId: string | null): Promise<number>;
  close(): Promise<void>;
  on(event: 'gone', listener: (redactedId: string) => void): this;
  on(event: 'corrupt', listener: (info: { id: string; reason: string }) => void): this;
  on(event: 'warning', listener: (error: Error) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
}

/** A Java value of a registered class (stored as '@alias:{json}'), carried unchanged. */
export declare class TypedValue {
  constructor(alias: string, value: unknown);
  readonly alias: string;
  readonly value: unknown;
}

export declare const jsonCodec: AttributeCodec;
export declare function isWellFormedId(id: unknown): boolean;
export declare function redactId(id: string): string;

export declare class SessionKeeperError extends Error {
  readonly code: string;
}
export declare class RedisUnavailableError extends SessionKeeperError {}
/** Redis refused a write: its memory reached maxmemory (policy noeviction). Nothing was written. */
export declare class RedisFullError extends RedisUnavailableError {}
export declare class SessionLimitExceededError extends SessionKeeperError {
  readonly limit: number;
}
