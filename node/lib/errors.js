'use strict';
// The store's errors, by `code`, so callers need not match messages.

class SessionKeeperError extends Error {
  constructor(message, code = 'SESSIONKEEPER', cause = undefined) {
    super(message, cause ? { cause } : undefined);
    this.name = 'SessionKeeperError';
    this.code = code;
  }
}

/** Redis did not answer within the command timeout, refused for now, or is unreachable. */
class RedisUnavailableError extends SessionKeeperError {
  constructor(message, cause) {
    super(message, 'REDIS_UNAVAILABLE', cause);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Redis refused a write because its memory reached maxmemory (policy noeviction); nothing of
 * the operation was written. Reads go on working meanwhile, without sliding deadlines.
 */
class RedisFullError extends RedisUnavailableError {
  constructor(message, cause) {
    super(message, cause);
    this.code = 'REDIS_FULL';
    this.name = 'RedisFullError';
  }
}

/** A sign-in refused because the principal already has the maximum of live sessions. */
class SessionLimitExceededError extends SessionKeeperError {
  constructor(limit) {
    super(`the principal already has the maximum of ${limit} live sessions`, 'SESSION_LIMIT');
    this.name = 'SessionLimitExceededError';
    this.limit = limit;
  }
}

module.exports = { SessionKeeperError, RedisUnavailableError, RedisFullError, SessionLimitExceededError };
